package io.nanoedge.shell;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Plays the api role's verticle in {@link ServiceComposerTest}: the real one lives in another module. */
public class StandInApiVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
