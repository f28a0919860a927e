package io.nanoedge.device;

import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.device.presence.PresenceVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A shell that starts late asks the devices to announce themselves, and they do at once. */
@ExtendWith(VertxExtension.class)
class DeviceAnnounceTest {

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void devicesAnswerAnAnnounceRequestWithTheirFacts(Vertx vertx) {
    // GIVEN a running simulated PIR whose start-up fact was published before anyone listened
    deploy(vertx, PresenceVerticle.class.getName(), config("presence.location", "entrance"));
    List<JsonObject> facts = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DEVICE_SEEN.address(), m -> facts.add(m.body()));

    // WHEN a late listener asks every device to announce itself
    vertx.eventBus().publish(Addresses.DEVICES_ANNOUNCE.address(), new JsonObject());

    // THEN the PIR publishes its fact again, well before its 30 s heartbeat
    assertThat(eventually(3000, () -> !facts.isEmpty())).as("a device fact after the announce request").isTrue();
    assertThat(facts.get(0).getString("kind")).isEqualTo("pir");
    assertThat(facts.get(0).getString("location")).isEqualTo("entrance");
  }
}
