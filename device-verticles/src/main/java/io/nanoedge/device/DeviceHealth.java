package io.nanoedge.device;

import io.nanoedge.ops.NodeHealth;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.util.function.Supplier;

/**
 * A device role's readiness procedure on {@code /health/ready}: registered once the role has started
 * (consumers registered, drivers open), removed when it stops; its data shows what the device is doing.
 */
public final class DeviceHealth {
  private DeviceHealth() {
  }

  public static void register(Vertx vertx, String name, Supplier<JsonObject> data) {
    NodeHealth.readiness(vertx).register(name, promise -> promise.complete(Status.OK(data.get())));
  }

  public static void unregister(Vertx vertx, String name) {
    NodeHealth.readiness(vertx).unregister(name);
  }
}
