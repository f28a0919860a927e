package io.nanoedge.testkit;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.NanoException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocking helpers for controller tests: deploy, send commands, wait for a condition. */
public final class ControllerHarness {
  private ControllerHarness() {
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deploys the controller with fast timings plus {@code overrides} and waits until it leads. */
  public static String deployController(Vertx vertx, Map<String, String> overrides) {
    NanoConfig.Builder b = NanoConfig.builder().set("node.id", "test-controller", "")
        .set("scan.window-ms", "100", "").set("scan.margin-ms", "400", "").set("admit.expiry-ms", "1500", "")
        .set("guide.timeout-ms", "3000", "").set("controller.lease-ms", "600", "")
        .set("controller.auth-timeout-ms", "2000", "").set("bus.timeout-ms", "1000", "");
    overrides.forEach((k, v) -> b.set(k, v, ""));
    String id = await(vertx.deployVerticle(Role.CONTROLLER.verticleClass(),
        new DeploymentOptions().setConfig(b.build().toJson())));
    eventually("the controller leads", () -> {
      try {
        await(Bus.request(vertx.eventBus(), Addresses.VISITS, new JsonObject()));
        return true;
      } catch (NanoException e) {
        return false;
      }
    }, Duration.ofSeconds(10));
    return id;
  }

  public static JsonObject request(Vertx vertx, String address, JsonObject body) {
    return await(Bus.request(vertx.eventBus(), address, body));
  }

  public static void eventually(String what, BooleanSupplier condition, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }
}
