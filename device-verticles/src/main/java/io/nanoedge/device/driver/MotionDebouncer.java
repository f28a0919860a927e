package io.nanoedge.device.driver;

import java.util.concurrent.TimeUnit;

/**
 * Turns a PIR's raw edges into motions: a rising edge counts only when it starts a new burst (no edge in
 * the last {@code debounceMs}) and the last reported motion is older than {@code holdMs}. A contact
 * bouncing or a PIR re-triggering while someone stands in front of it thus gives one motion.
 */
public final class MotionDebouncer {
  private final long debounceNanos;
  private final long holdNanos;
  private boolean anyEdge;
  private long lastEdge;
  private boolean anyMotion;
  private long lastMotion;

  public MotionDebouncer(long debounceMs, long holdMs) {
    this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(debounceMs);
    this.holdNanos = TimeUnit.MILLISECONDS.toNanos(holdMs);
  }

  /** Feeds one edge; true when it is a motion to report. */
  public boolean accept(MotionSensor.Edge edge) {
    boolean startsBurst = !anyEdge || edge.nanos() - lastEdge >= debounceNanos;
    anyEdge = true;
    lastEdge = edge.nanos();
    if (!edge.high() || !startsBurst) {
      return false;
    }
    if (anyMotion && edge.nanos() - lastMotion < holdNanos) {
      return false;
    }
    anyMotion = true;
    lastMotion = edge.nanos();
    return true;
  }
}
