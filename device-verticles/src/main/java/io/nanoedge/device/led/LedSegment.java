package io.nanoedge.device.led;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One node's segment shared by every journey guided through it: it blinks while at least one journey
 * holds it and goes dark only when the last one lets go, so journeys never switch each other's LEDs off.
 */
public final class LedSegment {
  private final LedPattern pattern;
  private final long blinkMs;
  private final Set<String> journeys = new LinkedHashSet<>();
  private final Consumer<LedSegment> changed;

  public LedSegment(LedPattern pattern, long blinkMs, Consumer<LedSegment> changed) {
    this.pattern = pattern;
    this.blinkMs = blinkMs;
    this.changed = changed;
  }

  /** The journey is guided through this segment; idempotent. */
  public void hold(String journeyId) {
    if (journeys.add(journeyId) && journeys.size() == 1) {
      pattern.blink(blinkMs);
      changed.accept(this);
    }
  }

  /** The journey has left this segment (moved on, arrived, stopped); idempotent. */
  public void release(String journeyId) {
    if (journeys.remove(journeyId) && journeys.isEmpty()) {
      pattern.off();
      changed.accept(this);
    }
  }

  public Set<String> journeys() {
    return Set.copyOf(journeys);
  }

  public LedPattern.Kind kind() {
    return pattern.kind();
  }

  /** Darkens the segment whoever holds it (node stopping). */
  public void shutdown() {
    journeys.clear();
    pattern.off();
  }
}
