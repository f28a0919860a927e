package io.nanoedge.agent;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Verticles that play roles in {@link ServiceComposerTest}: the real ones live in modules above this one. */
final class StandInRoles {
  private StandInRoles() {
  }

  /** Plays the api role, whose undeploy asks for a backup first. */
  public static class Api extends VerticleBase {
    @Override
    public Future<?> start() {
      return Future.succeededFuture();
    }
  }

  /** Plays the shell role, whose undeploy needs no backup. */
  public static class Shell extends Api {
  }
}
