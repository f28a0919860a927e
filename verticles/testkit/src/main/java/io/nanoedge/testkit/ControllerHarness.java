package io.nanoedge.testkit;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.BusMessage;
import io.nanoedge.bus.Command;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.VisitList;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Blocking helpers for tests that drive the controller: deploy it, send commands, wait for a condition. */
public final class ControllerHarness {
  private ControllerHarness() {
  }

  public static <T> T await(Future<T> future) {
    return Eventually.await(future);
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
    awaitLeader(vertx, Duration.ofSeconds(10));
    return id;
  }

  /** Waits until a controller leads: one answers the visit list. */
  public static void awaitLeader(Vertx vertx, Duration within) {
    eventually("the controller leads", () -> {
      try {
        await(Bus.request(vertx.eventBus(), Addresses.VISITS, new VisitList.Query(false)));
        return true;
      } catch (NanoException e) {
        return false;
      }
    }, within);
  }

  /** Sends a typed command and returns its typed reply (blocking the test thread, 30 s at most). */
  public static <Q extends BusMessage, R extends BusMessage> R request(Vertx vertx, Command<Q, R> command, Q body) {
    return await(Bus.request(vertx.eventBus(), command, body));
  }

  /** Sends a raw body to an address: for tests of what a service does with malformed input. */
  public static JsonObject requestJson(Vertx vertx, String address, JsonObject body) {
    return await(Bus.requestJson(vertx.eventBus(), address, body, Bus.DEFAULT_TIMEOUT));
  }

  public static void eventually(String what, BooleanSupplier condition, Duration timeout) {
    Eventually.until(what, condition, timeout);
  }
}
