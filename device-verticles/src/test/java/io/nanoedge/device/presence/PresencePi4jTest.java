package io.nanoedge.device.presence;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static io.nanoedge.device.DeviceTests.motions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Motion;
import io.nanoedge.device.driver.Gpio;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The presence role on Pi4J's mock GPIO provider: the real Pi4J code path without a Raspberry Pi. */
@ExtendWith(VertxExtension.class)
class PresencePi4jTest {
  private static final String VERTICLE = PresenceVerticle.class.getName();

  private static MockDigitalInput pir(Vertx vertx, int pin) {
    return await(Gpio.of(vertx, "mock")).context().registry().get(Gpio.ioId(pin), MockDigitalInput.class);
  }

  private static void burst(MockDigitalInput pir, int edges) {
    for (int i = 0; i < edges; i++) {
      pir.mockState(DigitalState.HIGH);
      pir.mockState(DigitalState.LOW);
    }
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aBurstOnTheMockPinIsAMotionNamingThePin(Vertx vertx) {
    // GIVEN a PIR on BCM 17 of the mock GPIO (how bursts and hold times count: MotionDebouncerTest)
    List<Motion> motions = motions(vertx);
    deploy(vertx, VERTICLE, config("presence.driver", "pi4j", "gpio.provider", "mock", "presence.pin", "17",
        "presence.location", "corridor-2", "presence.debounce-ms", "200", "presence.hold-ms", "0"));
    MockDigitalInput pir = pir(vertx, 17);

    // WHEN the output bounces 20 times in a burst
    burst(pir, 20);

    // THEN a motion is published for the PIR's location, naming the pin
    assertThat(eventually(5000, () -> !motions.isEmpty())).isTrue();
    assertThat(motions.get(0).location()).isEqualTo("corridor-2");
    assertThat(motions.get(0).source()).isEqualTo("test-node/pi4j:bcm17");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aPinUsedTwiceStopsTheSecondRole(Vertx vertx) {
    // GIVEN the presence PIR on BCM 22
    deploy(vertx, VERTICLE, config("presence.driver", "pi4j", "gpio.provider", "mock", "presence.pin", "22"));

    // WHEN the led role is configured on the same pin
    // THEN it fails to start, naming the pin and both users, and the PIR keeps working
    assertThatThrownBy(() -> deploy(vertx, "io.nanoedge.device.led.LedGuidanceVerticle",
        config("led.driver", "pi4j", "gpio.provider", "mock", "led.pins", "22")))
        .hasMessageContaining("GPIO pin 22 is configured twice").hasMessageContaining("presence");
    assertThat(pir(vertx, 22).state()).isEqualTo(DigitalState.LOW);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void simulatedPirFiresOnTheSimulateCommand(Vertx vertx) {
    // GIVEN a simulated PIR at the entrance
    List<Motion> motions = motions(vertx);
    deploy(vertx, VERTICLE, config("presence.location", "entrance"));

    // WHEN the shell's simulate motion command arrives
    JsonObject reply = await(vertx.eventBus().<JsonObject>request(Addresses.SIMULATE_MOTION.at("entrance").address(),
        new JsonObject())).body();

    // THEN it is answered {} and one motion is published for the entrance
    assertThat(reply).isEqualTo(new JsonObject());
    assertThat(eventually(2000, () -> motions.size() == 1)).isTrue();
    assertThat(motions.get(0).location()).isEqualTo("entrance");
  }
}
