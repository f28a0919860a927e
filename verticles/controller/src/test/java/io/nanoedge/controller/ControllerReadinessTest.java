package io.nanoedge.controller;

import static io.nanoedge.testkit.ControllerHarness.await;
import static io.nanoedge.testkit.ControllerHarness.eventually;
import static io.nanoedge.testkit.StandInServices.ENTRANCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Detected;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.health.Readiness;
import io.nanoedge.testkit.ControllerHarness;
import io.nanoedge.testkit.StandInServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The controller's readiness follows whether it takes new visits: DOWN while its status buffer is full. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ControllerReadinessTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static Detected detect(Vertx vertx) {
    return await(Bus.request(vertx.eventBus(), Addresses.DETECT, new Motion(ENTRANCE, null, "pir"),
        Duration.ofSeconds(2)));
  }

  private static boolean up(HealthChecks checks) {
    return await(checks.checkStatus()).getUp();
  }

  @Test
  void readinessIsDownWhileNewVisitsAreRefusedAndUpWhenTheBufferDrains(Vertx vertx) {
    // GIVEN a controller with room for 10 waiting records, and a status log that is down
    StandInServices world = new StandInServices(vertx);
    await(world.api().compose(v -> world.scanner(ENTRANCE)).compose(v -> world.devices()));
    world.statusLogDown(true);
    HealthChecks checks = HealthChecks.create(vertx);
    MainControllerVerticle controller = new MainControllerVerticle();
    controller.readiness(Readiness.of(checks));
    await(vertx.deployVerticle(controller, new DeploymentOptions().setConfig(NanoConfig.builder()
        .set("node.id", "ready-test", "").set("scan.window-ms", "100", "")
        .set("controller.status-buffer", "10", "").set("bus.timeout-ms", "1000", "").build().toJson())));
    ControllerHarness.awaitLeader(vertx, WAIT);
    assertThat(up(checks)).isTrue();
    // WHEN visits open until the waiting records fill the buffer
    NanoException[] refused = new NanoException[1];
    eventually("new visits are refused", () -> {
      try {
        detect(vertx);
        return false;
      } catch (NanoException e) {
        refused[0] = e;
        return true;
      }
    }, WAIT);
    // THEN new visits are refused with 503, and the node says it is not ready, and why
    assertThat(refused[0].code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(refused[0].getMessage()).contains("no new visits");
    assertThat(up(checks)).isFalse();
    CheckResult result = await(checks.checkStatus());
    JsonObject data = result.getChecks().stream().filter(c -> c.getId().equals("controller")).findFirst()
        .orElseThrow().getStatus().getData();
    assertThat(data.getBoolean("refusingVisits")).isTrue();
    assertThat(data.getInteger("pendingRecords")).isGreaterThanOrEqualTo(10);
    // WHEN the status log is back
    world.statusLogDown(false);
    // THEN the buffer drains, the node is ready again and takes a new visit
    eventually("ready again", () -> up(checks), WAIT);
    assertThat(detect(vertx).folded()).isFalse();
  }
}
