package io.nanoedge.device.presence;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Detected;
import io.nanoedge.bus.Motion;
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
  void anEntrancePirSendsItsMotionAsDetectToo(Vertx vertx) {
    // GIVEN an entrance PIR that also sends DETECT, and a controller
    List<Motion> detected = new CopyOnWriteArrayList<>();
    Bus.serve(vertx.eventBus(), Addresses.DETECT, motion -> {
      detected.add(motion);
      return Future.succeededFuture(new Detected("v1", "DETECTED", false));
    });
    deploy(vertx, VERTICLE, config("presence.location", "entrance", "presence.detect", "true"));
    // WHEN someone walks in
    motion(vertx, "entrance");
    // THEN the controller gets the motion as a command (the retries are DetectSenderTest's)
    assertThat(eventually(5000, () -> !detected.isEmpty())).as("DETECT delivered").isTrue();
    assertThat(detected.get(0).location()).isEqualTo("entrance");
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
    assertThat(requests).isEmpty();
  }
}
