package io.nanoedge.device.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bursts and hold times on edges stamped by hand: a bouncing contact or a re-triggering PIR is one motion. */
class MotionDebouncerTest {
  /** The motions reported for rising and falling edges at {@code ms} (one pair each). */
  private static int motions(MotionDebouncer debouncer, long... ms) {
    int motions = 0;
    for (long at : ms) {
      long nanos = TimeUnit.MILLISECONDS.toNanos(at);
      motions += debouncer.accept(new MotionSensor.Edge(true, nanos)) ? 1 : 0;
      motions += debouncer.accept(new MotionSensor.Edge(false, nanos + 1)) ? 1 : 0;
    }
    return motions;
  }

  @Test
  void aBurstOfEdgesIsOneMotionAndTheNextBurstAnother() {
    // GIVEN a 200 ms debounce and no hold time
    MotionDebouncer debouncer = new MotionDebouncer(200, 0);
    // WHEN the output bounces 20 times 1 ms apart, then once more after 700 ms of quiet
    long[] burst = new long[20];
    for (int i = 0; i < burst.length; i++) {
      burst[i] = i;
    }
    // THEN each burst is one motion
    assertThat(motions(debouncer, burst)).isEqualTo(1);
    assertThat(motions(debouncer, 720)).isEqualTo(1);
  }

  @Test
  void burstsWithinTheHoldTimeAreOneMotion() {
    // GIVEN a 50 ms debounce and a 1 s hold time
    MotionDebouncer debouncer = new MotionDebouncer(50, 1000);
    // WHEN three bursts come 150 ms apart, then one 1.3 s after the first
    // THEN the first and the last are reported
    assertThat(motions(debouncer, 0, 150, 300)).isEqualTo(1);
    assertThat(motions(debouncer, 1300)).isEqualTo(1);
  }

  @Test
  void aFallingEdgeAloneIsNoMotion() {
    MotionDebouncer debouncer = new MotionDebouncer(0, 0);
    assertThat(debouncer.accept(new MotionSensor.Edge(false, 0))).isFalse();
    assertThat(debouncer.accept(new MotionSensor.Edge(true, 1))).isTrue();
  }
}
