package io.nanoedge.device.led;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.changes;
import static io.nanoedge.device.DeviceTests.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.nanoedge.device.driver.Gpio;
import io.nanoedge.device.driver.Pi4jLedOutput;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** LED patterns on Pi4J mock digital outputs: a segment of two pins switched together. */
@ExtendWith(VertxExtension.class)
class LedPatternPi4jTest {
  private Context context;
  private LedPattern pattern;
  private DigitalOutput first;
  private DigitalOutput second;

  @BeforeEach
  void segmentOnTwoPins(Vertx vertx) {
    Pi4jLedOutput output = await(Pi4jLedOutput.open(vertx, "mock", List.of(20, 21), "test segment"));
    var registry = await(Gpio.of(vertx, "mock")).context().registry();
    first = registry.get(Gpio.ioId(20), DigitalOutput.class);
    second = registry.get(Gpio.ioId(21), DigitalOutput.class);
    context = vertx.getOrCreateContext();
    pattern = new LedPattern(vertx, output);
  }

  private void play(Consumer<LedPattern> change) {
    context.runOnContext(v -> change.accept(pattern));
    sleep(30);
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void onLightsEveryPinAndStaysLit() {
    // WHEN the segment is switched on
    play(LedPattern::on);
    // THEN both pins are high and do not change
    assertThat(first.state()).isEqualTo(DigitalState.HIGH);
    assertThat(second.state()).isEqualTo(DigitalState.HIGH);
    assertThat(changes(first, 300)).isZero();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void blinkTogglesAtTheRate() {
    // WHEN the segment blinks with a 50 ms half period
    play(p -> p.blink(50));
    // THEN each pin keeps changing level (12 changes expected in 600 ms; a loaded machine may drop some)
    int changes = changes(first, 600);
    assertThat(changes).isBetween(4, 14);
    assertThat(second.state()).isEqualTo(first.state());
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void offAfterBlinkIsDarkForGood() {
    // GIVEN a blinking segment
    play(p -> p.blink(30));
    // WHEN it is switched off
    play(LedPattern::off);
    // THEN both pins are low and stay low (no stray toggle from the blink timer)
    assertThat(changes(first, 300)).isZero();
    assertThat(first.state()).isEqualTo(DigitalState.LOW);
    assertThat(second.state()).isEqualTo(DigitalState.LOW);
  }
}
