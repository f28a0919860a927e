package io.nanoedge.config;

import java.util.List;
import java.util.Map;

/**
 * The keys every role reads, or that roles read which may not import each other: the node's name and roles, the
 * bus timeout, the tag key (API and scanners), the scan and presentation timings (controller and CoAP gateway),
 * the service timeout (node agent, shell, API). Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class Keys extends NanoModule {
  public static final ConfigKey ROLES = ConfigKey.list("roles", "",
      "Roles this node runs, comma-separated: api, controller, presence, ble, led, room, coap, shell, ops, or all");
  public static final ConfigKey NODE_ID = ConfigKey.string("node.id", "",
      "Name of this node in the cluster, shell and logs (default: host name)");
  public static final ConfigKey BUS_TIMEOUT_MS = ConfigKey.integer("bus.timeout-ms", 2000, 100, 60000,
      "Default timeout of event-bus requests, so a dead node is noticed quickly");
  public static final ConfigKey TAG_KEY = ConfigKey.string("tag.key", "",
      "Secret key of the tag hashes, the same on the API and every scanner (at least 16 characters)");
  public static final ConfigKey TAG_KEY_FILE = ConfigKey.file("tag.key-file", TAG_KEY,
      "File holding tag.key (Docker secret)");
  public static final ConfigKey SCAN_WINDOW_MS = ConfigKey.integer("scan.window-ms", 3000, 0, 60000,
      "How long a BLE scanner listens for tags after motion");
  public static final ConfigKey SCAN_MARGIN_MS = ConfigKey.integer("scan.margin-ms", 2000, 100, 60000,
      "Extra time beyond the scan window before a silent scanner makes the visit NOT SCANNED");
  public static final ConfigKey PRESENT_TIMEOUT_MS = ConfigKey.integer("present.timeout-ms", 15000, 500, 600000,
      "How long the room may take to present the event's documents before NOT PRESENTED");
  public static final ConfigKey SERVICE_TIMEOUT_MS = ConfigKey.integer("service.timeout-ms", 60000, 1000, 600000,
      "How long `service deploy/undeploy` waits for a role to start or stop (and the API backup to finish)");
  public static final ConfigKey DEVICE_CACHE_MS = ConfigKey.integer("device.cache-ms", 60000, 0, 3600000,
      "How long a device front (CoAP gateway and drivers, TCP bridge) keeps a device's credential before asking the "
      + "API again; a rotation or revocation drops it at once (0: ask at every handshake)");

  public Keys() {
    super(0, List.of(ROLES, NODE_ID, BUS_TIMEOUT_MS, TAG_KEY, TAG_KEY_FILE, SCAN_WINDOW_MS, SCAN_MARGIN_MS,
        PRESENT_TIMEOUT_MS, SERVICE_TIMEOUT_MS, DEVICE_CACHE_MS),
        Map.of());
  }
}
