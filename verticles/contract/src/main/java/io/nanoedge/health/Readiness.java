package io.nanoedge.health;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.function.Supplier;

/**
 * Where a role reports what it needs to be ready (database reachable, consumers registered, server listening):
 * {@code /health/ready} is UP only when every procedure is. The node hands its own to each role verticle it
 * deploys ({@link RoleVerticle}); nothing holds it in a static field, so two nodes in one JVM stay apart.
 */
public interface Readiness {
  /** For a verticle deployed without a node (a unit test, the shell's verticle-deploy): reports nowhere. */
  Readiness NONE = new Readiness() {
    @Override
    public void register(String name, Handler<Promise<Status>> procedure) {
    }

    @Override
    public void register(String name, long timeoutMs, Handler<Promise<Status>> procedure) {
    }

    @Override
    public void unregister(String name) {
    }
  };

  /** Adds (or replaces) a procedure with Vert.x health-check's default timeout. */
  void register(String name, Handler<Promise<Status>> procedure);

  void register(String name, long timeoutMs, Handler<Promise<Status>> procedure);

  void unregister(String name);

  /** A procedure that is UP whenever it is asked, with {@code data} describing what the role is doing. */
  default void up(String name, Supplier<JsonObject> data) {
    register(name, promise -> promise.complete(Status.OK(data.get())));
  }

  /** The procedures of one node, served by its ops endpoints. */
  static Readiness of(HealthChecks checks) {
    return new Readiness() {
      @Override
      public void register(String name, Handler<Promise<Status>> procedure) {
        checks.register(name, procedure);
      }

      @Override
      public void register(String name, long timeoutMs, Handler<Promise<Status>> procedure) {
        checks.register(name, timeoutMs, procedure);
      }

      @Override
      public void unregister(String name) {
        checks.unregister(name);
      }
    };
  }
}
