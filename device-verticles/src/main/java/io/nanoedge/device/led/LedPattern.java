package io.nanoedge.device.led;

import io.nanoedge.device.driver.LedOutput;
import io.vertx.core.Vertx;

/**
 * Plays a pattern on an {@link LedOutput} with Vert.x timers: {@code on}, {@code off}, or {@code blink}
 * (on and off every half period). Used from one context only.
 */
public final class LedPattern {
  /** The patterns a segment can show. */
  public enum Kind { OFF, ON, BLINK }

  private final Vertx vertx;
  private final LedOutput output;
  private Kind kind = Kind.OFF;
  private long timer = -1;
  private boolean lit;

  public LedPattern(Vertx vertx, LedOutput output) {
    this.vertx = vertx;
    this.output = output;
    output.set(false);
  }

  public Kind kind() {
    return kind;
  }

  public void off() {
    play(Kind.OFF, 0);
  }

  public void on() {
    play(Kind.ON, 0);
  }

  /** Blinks with {@code halfPeriodMs} on, {@code halfPeriodMs} off, starting lit. */
  public void blink(long halfPeriodMs) {
    play(Kind.BLINK, halfPeriodMs);
  }

  private void play(Kind next, long halfPeriodMs) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    kind = next;
    lit = next != Kind.OFF;
    output.set(lit);
    if (next == Kind.BLINK) {
      timer = vertx.setPeriodic(halfPeriodMs, t -> {
        lit = !lit;
        output.set(lit);
      });
    }
  }
}
