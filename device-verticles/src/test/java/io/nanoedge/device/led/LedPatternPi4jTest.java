package io.nanoedge.device.led;

import static io.nanoedge.device.DeviceTests.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.nanoedge.device.driver.Gpio;
import io.nanoedge.device.driver.Pi4jLedOutput;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LED patterns on Pi4J mock digital outputs: a segment of two pins switched together. The blink timer is driven
 * by hand, so "every half period" is one tick and "stays dark" needs no waiting.
 */
@ExtendWith(VertxExtension.class)
class LedPatternPi4jTest {
  private final HandTicker ticker = new HandTicker();
  private LedPattern pattern;
  private DigitalOutput first;
  private DigitalOutput second;

  /** A periodic timer that fires when the test says so. */
  private static final class HandTicker implements LedPattern.Ticker {
    private final Map<Long, Runnable> tasks = new LinkedHashMap<>();
    private final List<Long> periods = new ArrayList<>();
    private long next;

    @Override
    public long every(long periodMs, Runnable task) {
      periods.add(periodMs);
      tasks.put(++next, task);
      return next;
    }

    @Override
    public void cancel(long id) {
      tasks.remove(id);
    }

    void tick(int times) {
      for (int i = 0; i < times; i++) {
        List.copyOf(tasks.values()).forEach(Runnable::run);
      }
    }
  }

  @BeforeEach
  void segmentOnTwoPins(Vertx vertx) {
    Pi4jLedOutput output = await(Pi4jLedOutput.open(vertx, "mock", List.of(20, 21), "test segment"));
    var registry = await(Gpio.of(vertx, "mock")).context().registry();
    first = registry.get(Gpio.ioId(20), DigitalOutput.class);
    second = registry.get(Gpio.ioId(21), DigitalOutput.class);
    pattern = new LedPattern(ticker, output);
  }

  /** The first pin's level after each of {@code ticks} ticks. */
  private List<DigitalState> levels(int ticks) {
    List<DigitalState> levels = new ArrayList<>();
    for (int i = 0; i < ticks; i++) {
      ticker.tick(1);
      levels.add(first.state());
      assertThat(second.state()).isEqualTo(first.state());
    }
    return levels;
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void onLightsEveryPinAndStaysLit() {
    // WHEN the segment is switched on
    pattern.on();
    // THEN both pins are high and stay high whatever the timer does
    assertThat(first.state()).isEqualTo(DigitalState.HIGH);
    assertThat(levels(5)).containsOnly(DigitalState.HIGH);
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void blinkTogglesEveryHalfPeriod() {
    // WHEN the segment blinks with a 50 ms half period
    pattern.blink(50);
    // THEN it starts lit and both pins change level at every tick of a 50 ms timer
    assertThat(ticker.periods).containsExactly(50L);
    assertThat(first.state()).isEqualTo(DigitalState.HIGH);
    assertThat(levels(4)).containsExactly(DigitalState.LOW, DigitalState.HIGH, DigitalState.LOW, DigitalState.HIGH);
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void offAfterBlinkIsDarkForGood() {
    // GIVEN a blinking segment
    pattern.blink(30);
    ticker.tick(1);
    // WHEN it is switched off
    pattern.off();
    // THEN both pins are low and stay low (the blink timer is gone)
    assertThat(ticker.tasks).isEmpty();
    assertThat(levels(5)).containsOnly(DigitalState.LOW);
  }
}
