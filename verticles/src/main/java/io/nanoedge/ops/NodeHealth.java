package io.nanoedge.ops;

import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The readiness procedures of one node (one Vert.x instance). Each role registers what it needs to be
 * ready (database reachable, consumers registered, server listening); {@code /health/ready} is UP only
 * when all of them are.
 */
public final class NodeHealth {
  private static final Map<Vertx, HealthChecks> READINESS = new ConcurrentHashMap<>();

  private NodeHealth() {
  }

  public static HealthChecks readiness(Vertx vertx) {
    return READINESS.computeIfAbsent(vertx, HealthChecks::create);
  }

  public static void forget(Vertx vertx) {
    READINESS.remove(vertx);
  }
}
