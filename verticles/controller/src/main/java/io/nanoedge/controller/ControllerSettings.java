package io.nanoedge.controller;

import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import java.util.List;

/** The controller's timings and limits, read once from the node's configuration. */
public record ControllerSettings(int scanWindowMs, int scanMarginMs, int authTimeoutMs, long admitExpiryMs,
    long guideTimeoutMs, int guideSegmentMs, int presentTimeoutMs, int leaseMs, int statusBuffer, int statusInFlight,
    int busTimeoutMs, List<String> entrances) {

  public static ControllerSettings from(NanoConfig config) {
    return new ControllerSettings(config.integer(Keys.SCAN_WINDOW_MS), config.integer(Keys.SCAN_MARGIN_MS),
        config.integer(ControllerKeys.AUTH_TIMEOUT_MS), config.longValue(ControllerKeys.ADMIT_EXPIRY_MS),
        config.longValue(ControllerKeys.GUIDE_TIMEOUT_MS), config.integer(ControllerKeys.GUIDE_SEGMENT_MS),
        config.integer(Keys.PRESENT_TIMEOUT_MS), config.integer(ControllerKeys.LEADER_LEASE_MS),
        config.integer(ControllerKeys.STATUS_BUFFER), config.integer(ControllerKeys.STATUS_IN_FLIGHT),
        config.integer(Keys.BUS_TIMEOUT_MS),
        config.list(ControllerKeys.ENTRANCES));
  }

  /** Whether published motion at this location opens a visit. */
  public boolean entrance(String location) {
    return entrances.isEmpty() || entrances.contains(location);
  }

  /** A scan request must be answered within its window plus this margin. */
  public long scanTimeoutMs() {
    return (long) scanWindowMs + scanMarginMs;
  }
}
