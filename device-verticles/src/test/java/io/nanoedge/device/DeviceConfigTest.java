package io.nanoedge.device;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.device.led.LedGuidanceVerticle;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad device configuration stops the node at start with a message naming the key and the expected form. */
@ExtendWith(VertxExtension.class)
class DeviceConfigTest {
  @Test
  void anUnknownDriverNamesTheKeyAndTheChoices() {
    assertThatThrownBy(() -> NanoConfig.builder().set("presence.driver", "gpio", "test").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("presence.driver").hasMessageContaining("sim, pi4j, coap").hasMessageContaining("gpio");
  }

  @Test
  void aPinOutsideTheBcmRangeIsRefused() {
    assertThatThrownBy(() -> NanoConfig.builder().set("room.pin", "40", "test").build())
        .isInstanceOf(ConfigException.class).hasMessageContaining("room.pin").hasMessageContaining("between 0 and 27");
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void ledPinsThatAreNoPinsStopTheLedRole(Vertx vertx) {
    assertThatThrownBy(() -> DeviceTests.deploy(vertx, LedGuidanceVerticle.class.getName(),
        DeviceTests.config("led.driver", "pi4j", "gpio.provider", "mock", "led.pins", "22,x")))
        .hasMessageContaining("led.pins").hasMessageContaining("'x'");
  }
}
