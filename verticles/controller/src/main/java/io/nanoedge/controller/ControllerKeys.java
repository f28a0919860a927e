package io.nanoedge.controller;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoModule;
import io.nanoedge.config.Role;
import java.util.List;
import java.util.Map;

/**
 * The controller role's keys (workflow timeouts, leader lease, status buffer) and its verticle. Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class ControllerKeys extends NanoModule {
  public static final ConfigKey AUTH_TIMEOUT_MS = ConfigKey.integer("controller.auth-timeout-ms", 10000, 500, 600000,
      "How long the controller retries an unavailable API before the visit is NOT AUTHENTICATED");
  public static final ConfigKey ADMIT_EXPIRY_MS = ConfigKey.integer("admit.expiry-ms", 300000, 1000, 86400000,
      "How long a visit with nobody recognised waits for the host to admit someone before NOT AUTHENTICATED");
  public static final ConfigKey GUIDE_TIMEOUT_MS = ConfigKey.integer("guide.timeout-ms", 120000, 1000, 3600000,
      "How long a journey is guided before it is NOT GUIDED when nobody arrives at the room");
  public static final ConfigKey GUIDE_SEGMENT_MS = ConfigKey.integer("guide.segment-ms", 5000, 1, 600000,
      "Time the guide agent blinks on one LED node before moving on when no presence is seen");
  public static final ConfigKey LEADER_LEASE_MS = ConfigKey.integer("controller.lease-ms", 5000, 500, 60000,
      "Leader lease of the active controller; a standby takes over when it lapses or its holder leaves");
  public static final ConfigKey STATUS_BUFFER = ConfigKey.integer("controller.status-buffer", 10000, 10, 1000000,
      "Status records kept while the API is unavailable; when full, new visits are refused (503), none dropped");
  public static final ConfigKey STATUS_IN_FLIGHT = ConfigKey.integer("controller.status-in-flight", 32, 1, 10000,
      "Status records sent to the API at once (the others wait their turn in order), so the burst after an outage "
      + "or a takeover stays within the APIs' database queues (db.max-waiting)");
  public static final ConfigKey ENTRANCES = ConfigKey.list("controller.entrances", "",
      "Locations whose published motion opens a visit, comma-separated (empty: every location); DETECT always does");

  public static final ConfigKey JOURNAL_DIR = ConfigKey.string("controller.journal-dir", "",
      "Directory where a controller that is not clustered keeps its open visits and the status records waiting for "
      + "the API, so a restart loses none (the image sets /var/lib/nanoedge/journal); empty: memory only, with a "
      + "warning");

  public ControllerKeys() {
    super(40, List.of(AUTH_TIMEOUT_MS, ADMIT_EXPIRY_MS, GUIDE_TIMEOUT_MS, GUIDE_SEGMENT_MS, LEADER_LEASE_MS,
        STATUS_BUFFER, STATUS_IN_FLIGHT, ENTRANCES, JOURNAL_DIR),
        Map.of(Role.CONTROLLER, MainControllerVerticle.class));
  }
}
