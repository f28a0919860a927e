package io.nanoedge.device.presence;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static io.nanoedge.device.DeviceTests.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With presence.detect, an entrance motion reaches the controller even when none answers for a while. */
@ExtendWith(VertxExtension.class)
class PresenceDetectTest {
  private static final String VERTICLE = PresenceVerticle.class.getName();

  private static void motion(Vertx vertx, String location) {
    await(Bus.requestJson(vertx.eventBus(), Addresses.SIMULATE_MOTION.at(location).address(), new JsonObject()));
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void aMotionDuringAControllerTakeoverIsDeliveredOnceOneAnswers(Vertx vertx) {
    // GIVEN an entrance PIR that also sends DETECT, and no controller (the leader just died)
    deploy(vertx, VERTICLE, config("presence.location", "entrance", "presence.detect", "true",
        "bus.timeout-ms", "300"));
    List<Motion> detected = new CopyOnWriteArrayList<>();
    // WHEN someone walks in, and a standby takes over 1.2 s later
    motion(vertx, "entrance");
    sleep(1200);
    Bus.serveJson(vertx.eventBus(), Addresses.DETECT.address(), body -> {
      detected.add(Motion.fromJson(body));
      return Future.succeededFuture(new JsonObject().put("visitId", "v1").put("status", "DETECTED"));
    });
    // THEN the new leader gets the motion, once
    assertThat(eventually(5000, () -> !detected.isEmpty())).as("DETECT delivered after the takeover").isTrue();
    sleep(500);
    assertThat(detected).hasSize(1);
    assertThat(detected.get(0).location()).isEqualTo("entrance");
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void aRefusedDetectIsNotRetried(Vertx vertx) {
    // GIVEN a controller that refuses the motion as malformed
    List<JsonObject> requests = new CopyOnWriteArrayList<>();
    Bus.serveJson(vertx.eventBus(), Addresses.DETECT.address(), body -> {
      requests.add(body);
      return Future.failedFuture(NanoException.badRequest("no"));
    });
    deploy(vertx, VERTICLE, config("presence.location", "entrance", "presence.detect", "true"));
    // WHEN a motion is seen
    motion(vertx, "entrance");
    sleep(1500);
    // THEN it was sent once: only "nobody answers" is worth another try
    assertThat(requests).hasSize(1);
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void withoutPresenceDetectOnlyTheFactIsPublished(Vertx vertx) {
    // GIVEN a PIR along a path (the default: no DETECT) and a listening controller
    List<JsonObject> requests = new CopyOnWriteArrayList<>();
    Bus.serveJson(vertx.eventBus(), Addresses.DETECT.address(), body -> {
      requests.add(body);
      return Future.succeededFuture(new JsonObject());
    });
    List<Object> facts = new CopyOnWriteArrayList<>();
    vertx.eventBus().consumer(Addresses.MOTION.address(), m -> facts.add(m.body()));
    deploy(vertx, VERTICLE, config("presence.location", "corridor-2"));
    // WHEN a motion is seen
    motion(vertx, "corridor-2");
    // THEN the MOTION fact is published and no visit is requested
    assertThat(eventually(3000, () -> !facts.isEmpty())).isTrue();
    sleep(500);
    assertThat(requests).isEmpty();
  }
}
