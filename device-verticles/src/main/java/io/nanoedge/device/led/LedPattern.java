package io.nanoedge.device.led;

import io.nanoedge.device.driver.LedOutput;
import io.vertx.core.Vertx;

/**
 * Plays a pattern on an {@link LedOutput} with a periodic timer: {@code on}, {@code off}, or {@code blink}
 * (on and off every half period). Used from one context only.
 */
public final class LedPattern {
  /** The patterns a segment can show. */
  public enum Kind { OFF, ON, BLINK }

  /** Runs a task every period (a Vert.x periodic timer in a node, a hand-driven one in tests). */
  public interface Ticker {
    long every(long periodMs, Runnable task);

    void cancel(long id);

    static Ticker of(Vertx vertx) {
      return new Ticker() {
        @Override
        public long every(long periodMs, Runnable task) {
          return vertx.setPeriodic(periodMs, id -> task.run());
        }

        @Override
        public void cancel(long id) {
          vertx.cancelTimer(id);
        }
      };
    }
  }

  private final Ticker ticker;
  private final LedOutput output;
  private Kind kind = Kind.OFF;
  private long timer = -1;
  private boolean lit;

  public LedPattern(Vertx vertx, LedOutput output) {
    this(Ticker.of(vertx), output);
  }

  public LedPattern(Ticker ticker, LedOutput output) {
    this.ticker = ticker;
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
      ticker.cancel(timer);
      timer = -1;
    }
    kind = next;
    lit = next != Kind.OFF;
    output.set(lit);
    if (next == Kind.BLINK) {
      timer = ticker.every(halfPeriodMs, () -> {
        lit = !lit;
        output.set(lit);
      });
    }
  }
}
