package io.nanoedge.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key of nanoedge with its default and documentation: the one place. The README's
 * configuration table is generated from this list ({@code nanoedge config-doc}) and a test keeps them equal.
 * Keys are grouped by the part of the system that reads them.
 */
public final class Keys {
  private Keys() {
  }

  // ---- node and launcher
  public static final ConfigKey ROLES = ConfigKey.list("roles", "",
      "Roles this node runs, comma-separated: api, controller, presence, ble, led, room, coap, shell, ops, or all");
  public static final ConfigKey NODE_ID = ConfigKey.string("node.id", "",
      "Name of this node in the cluster, shell and logs (default: host name)");
  public static final ConfigKey BUS_TIMEOUT_MS = ConfigKey.integer("bus.timeout-ms", 2000, 100, 60000,
      "Default timeout of event-bus requests, so a dead node is noticed quickly");

  // ---- cluster
  public static final ConfigKey CLUSTER_ENABLED = ConfigKey.bool("cluster.enabled", false,
      "Join a Hazelcast cluster (same as --cluster); otherwise the event bus is local to this JVM");
  public static final ConfigKey CLUSTER_CONFIG = ConfigKey.string("cluster.config", "lan",
      "Hazelcast configuration: lan (multicast), static (TCP list), swarm (DNS of tasks) or a path to an XML file");
  public static final ConfigKey CLUSTER_MEMBERS = ConfigKey.list("cluster.members", "127.0.0.1",
      "Members to contact for static (host[:port], comma-separated) and swarm (DNS names of the tasks)");
  public static final ConfigKey CLUSTER_HOST = ConfigKey.string("cluster.host", "",
      "Address to bind and advertise for the cluster and event bus (default: Hazelcast picks an interface)");
  public static final ConfigKey CLUSTER_PORT = ConfigKey.port("cluster.port", 5701,
      "Hazelcast member port (the next ports are tried when it is taken)");
  public static final ConfigKey CLUSTER_NAME = ConfigKey.string("cluster.name", "nanoedge",
      "Cluster name: nodes with another name never join this cluster");
  public static final ConfigKey CLUSTER_BUS_PORT = ConfigKey.port("cluster.bus-port", 0,
      "TCP port of the clustered event bus (0: any free port)");

  // ---- ops (health, metrics) on every node
  public static final ConfigKey OPS_PORT = ConfigKey.port("ops.port", 9090,
      "Port of /health/live, /health/ready and /metrics on every node (0: any free port)");
  public static final ConfigKey OPS_HOST = ConfigKey.string("ops.host", "0.0.0.0",
      "Interface of the ops endpoints");

  // ---- database (API role)
  public static final ConfigKey DB_URL = ConfigKey.string("db.url", "",
      "MySQL/MariaDB as mysql://user:pass@host:port/db (empty: the demo starts an embedded MariaDB)");
  public static final ConfigKey DB_PASSWORD_FILE = ConfigKey.file("db.password-file",
      "File holding the database password, replacing the one in db.url (Docker secret)");
  public static final ConfigKey DB_POOL_SIZE = ConfigKey.integer("db.pool-size", 4, 1, 64,
      "Connections in the database pool");
  public static final ConfigKey DB_CONNECT_TIMEOUT_MS = ConfigKey.integer("db.connect-timeout-ms", 2000, 100, 60000,
      "Timeout of one database connection attempt; a request gets 503 after it when the database is down");
  public static final ConfigKey DB_RECONNECT_MAX_MS = ConfigKey.integer("db.reconnect-max-ms", 1000, 50, 60000,
      "Longest pause between reconnection attempts while the database is down (backoff starts at 50 ms)");

  // ---- secrets shared by API and scanners
  public static final ConfigKey ADMIN_TOKEN = ConfigKey.string("admin.token", "",
      "Bearer token for API mutations and admin endpoints (empty: mutations are refused)");
  public static final ConfigKey ADMIN_TOKEN_FILE = ConfigKey.file("admin.token-file",
      "File holding admin.token (Docker secret)");
  public static final ConfigKey TAG_KEY = ConfigKey.string("tag.key", "",
      "Secret key of the tag hashes, the same on the API and every scanner (at least 16 characters)");
  public static final ConfigKey TAG_KEY_FILE = ConfigKey.file("tag.key-file",
      "File holding tag.key (Docker secret)");

  // ---- API (HTTP and CoAP front ends)
  public static final ConfigKey HTTP_PORT = ConfigKey.port("http.port", 8080, "HTTP port of the API");
  public static final ConfigKey HTTP_HOST = ConfigKey.string("http.host", "0.0.0.0", "Interface of the HTTP API");
  public static final ConfigKey API_PUBLIC_READ = ConfigKey.bool("api.public-read", false,
      "Allow GET requests on the API without the admin token");
  public static final ConfigKey API_AUTH_LEAD_MINUTES = ConfigKey.integer("api.auth-lead-minutes", 15, 0, 1440,
      "Minutes before an event's start from which its participants are recognised");
  public static final ConfigKey COAP_PORT = ConfigKey.port("coap.port", 5683, "UDP port of plain CoAP");
  public static final ConfigKey COAPS_PORT = ConfigKey.port("coaps.port", 5684, "UDP port of CoAP over DTLS (PSK)");
  public static final ConfigKey COAP_HOST = ConfigKey.string("coap.host", "0.0.0.0", "Interface of CoAP and CoAPs");
  public static final ConfigKey API_MAX_BODY_BYTES = ConfigKey.integer("api.max-body-bytes", 65536, 1024, 16777216,
      "Largest JSON request body on HTTP and CoAP (413 above)");
  public static final ConfigKey API_DOCUMENT_MAX_BYTES = ConfigKey.integer("api.document-max-bytes", 4194304, 1024,
      12582912, "Largest event document (stored in the database; 413 above)");
  public static final ConfigKey COAP_PSK_IDENTITY = ConfigKey.string("coap.psk-identity", "nanoedge",
      "DTLS PSK identity that may change data over CoAPs");
  public static final ConfigKey COAP_PSK_KEY = ConfigKey.string("coap.psk-key", "",
      "DTLS pre-shared key (text, at least 8 characters); empty: no CoAPs endpoint");
  public static final ConfigKey COAP_PSK_KEY_FILE = ConfigKey.file("coap.psk-key-file",
      "File holding coap.psk-key (Docker secret)");
  public static final ConfigKey COAP_PLAIN_MUTATIONS = ConfigKey.bool("coap.plain-mutations", false,
      "Accept POST/PUT/DELETE over plain (unauthenticated) CoAP; only for a closed test network");

  // ---- controller (workflow)
  public static final ConfigKey SCAN_WINDOW_MS = ConfigKey.integer("scan.window-ms", 3000, 0, 60000,
      "How long a BLE scanner listens for tags after motion");
  public static final ConfigKey SCAN_MARGIN_MS = ConfigKey.integer("scan.margin-ms", 2000, 100, 60000,
      "Extra time beyond the scan window before a silent scanner makes the visit NOT SCANNED");
  public static final ConfigKey AUTH_TIMEOUT_MS = ConfigKey.integer("controller.auth-timeout-ms", 10000, 500, 600000,
      "How long the controller retries an unavailable API before the visit is NOT AUTHENTICATED");
  public static final ConfigKey ADMIT_EXPIRY_MS = ConfigKey.integer("admit.expiry-ms", 300000, 1000, 86400000,
      "How long a visit with nobody recognised waits for the host to admit someone before NOT AUTHENTICATED");
  public static final ConfigKey GUIDE_TIMEOUT_MS = ConfigKey.integer("guide.timeout-ms", 120000, 1000, 3600000,
      "How long a journey is guided before it is NOT GUIDED when nobody arrives at the room");
  public static final ConfigKey GUIDE_SEGMENT_MS = ConfigKey.integer("guide.segment-ms", 5000, 1, 600000,
      "Time the guide agent blinks on one LED node before moving on when no presence is seen");
  public static final ConfigKey PRESENT_TIMEOUT_MS = ConfigKey.integer("present.timeout-ms", 15000, 500, 600000,
      "How long the room may take to present the event's documents before NOT PRESENTED");
  public static final ConfigKey LEADER_LEASE_MS = ConfigKey.integer("controller.lease-ms", 5000, 500, 60000,
      "Leader lease of the active controller; a standby takes over when it lapses or its holder leaves");
  public static final ConfigKey STATUS_BUFFER = ConfigKey.integer("controller.status-buffer", 10000, 10, 1000000,
      "Status records kept while the API is unavailable; when full, new visits are refused (503), none dropped");
  public static final ConfigKey ENTRANCES = ConfigKey.list("controller.entrances", "",
      "Locations whose published motion opens a visit, comma-separated (empty: every location); DETECT always does");
  public static final ConfigKey COAP_SEED_PORT = ConfigKey.port("coap.seed-port", 5685,
      "UDP port of the seed controller's CoAP resources (/detect, /scan, /api, /guide, /meet) of the coap role");

  // ---- devices (presence, ble, led, room)
  public static final ConfigKey DISPLAY_PORT = ConfigKey.port("display.port", 8090,
      "HTTP port of the room display page");
  public static final ConfigKey PRESENCE_LOCATION = ConfigKey.string("presence.location", "entrance",
      "Location whose motion the presence role reports (the entrance corridor, a spot on an LED path)");
  public static final ConfigKey PRESENCE_DRIVER = ConfigKey.choice("presence.driver", "sim",
      "PIR driver of the presence role: sim (shell/tests), pi4j (GPIO pin) or coap (the device POSTs /motion)",
      "sim", "pi4j", "coap");
  public static final ConfigKey PRESENCE_PIN = ConfigKey.integer("presence.pin", 17, 0, 27,
      "BCM GPIO pin of the presence PIR (pi4j driver; input with pull-down)");
  public static final ConfigKey PRESENCE_DEBOUNCE_MS = ConfigKey.integer("presence.debounce-ms", 50, 0, 10000,
      "PIR edges closer than this to the previous edge belong to the same burst (also used by the room's door PIR)");
  public static final ConfigKey PRESENCE_HOLD_MS = ConfigKey.integer("presence.hold-ms", 3000, 0, 600000,
      "After a reported motion, further edges are not reported for this long (also used by the door PIR)");
  public static final ConfigKey PRESENCE_COAP_PORT = ConfigKey.port("presence.coap-port", 5687,
      "UDP port where a CoAP PIR POSTs /motion (coap driver)");
  public static final ConfigKey PRESENCE_DETECT = ConfigKey.bool("presence.detect", false,
      "Also send each motion to the controller as a DETECT command, retried while no controller answers (a "
      + "failover), so no visit is lost; set it at entrances only: DETECT always opens a visit");
  public static final ConfigKey PRESENCE_DETECT_RETRY_MS = ConfigKey.integer("presence.detect-retry-ms", 10000, 0,
      600000, "How long a DETECT command is retried while no controller answers before the motion is given up");
  public static final ConfigKey BLE_LOCATION = ConfigKey.string("ble.location", "entrance",
      "Location whose scan requests the ble role answers");
  public static final ConfigKey BLE_DRIVER = ConfigKey.choice("ble.driver", "sim",
      "BLE scanner driver: sim (beacons from the shell/tests) or bluez (BlueZ over the system D-Bus)",
      "sim", "bluez");
  public static final ConfigKey BLE_ADAPTER = ConfigKey.string("ble.adapter", "hci0",
      "BlueZ adapter used by the bluez driver");
  public static final ConfigKey BLE_RSSI_FLOOR = ConfigKey.integer("ble.rssi-floor", -90, -127, 20,
      "Tags weaker than this RSSI (dBm) are ignored by every scanner of the node");
  public static final ConfigKey LED_NODE = ConfigKey.string("led.node", "corridor-1",
      "Id of this LED node on room paths; the guide agent reaches it at nanoedge.led.node.<id>");
  public static final ConfigKey LED_LOCATION = ConfigKey.string("led.location", "",
      "Presence location along this node's segment: motion there sends the guide on (empty: only the segment time)");
  public static final ConfigKey LED_DRIVER = ConfigKey.choice("led.driver", "sim",
      "LED driver: sim (state kept in memory, published), pi4j (GPIO outputs) or coap (PUT to led.coap-uri)",
      "sim", "pi4j", "coap");
  public static final ConfigKey LED_PINS = ConfigKey.list("led.pins", "22",
      "BCM GPIO pins of this node's LED segment (pi4j driver), comma-separated");
  public static final ConfigKey LED_BLINK_MS = ConfigKey.integer("led.blink-ms", 250, 20, 10000,
      "Half period of the guide's blink pattern");
  public static final ConfigKey LED_COAP_URI = ConfigKey.string("led.coap-uri", "",
      "CoAP resource of a remote LED device (coap driver), e.g. coap://10.0.0.21/led; it gets PUT 1 or 0");
  public static final ConfigKey ROOM_LOCATION = ConfigKey.string("room.location", "room-r",
      "Door location of the meeting room this node serves (arrival, present and idle commands use it)");
  public static final ConfigKey ROOM_NAME = ConfigKey.string("room.name", "Meeting room",
      "Room name shown on the display page");
  public static final ConfigKey ROOM_IDLE_TEXT = ConfigKey.string("room.idle-text", "Welcome",
      "Idle (personal) content of the display, hidden while a meeting is presented");
  public static final ConfigKey ROOM_PRESENCE_DRIVER = ConfigKey.choice("room.presence-driver", "sim",
      "Door PIR driver: sim, pi4j or coap", "sim", "pi4j", "coap");
  public static final ConfigKey ROOM_PIN = ConfigKey.integer("room.pin", 27, 0, 27,
      "BCM GPIO pin of the door PIR (pi4j driver)");
  public static final ConfigKey ROOM_COAP_PORT = ConfigKey.port("room.coap-port", 5688,
      "UDP port where a CoAP door PIR POSTs /motion (coap driver)");
  public static final ConfigKey ROOM_BLE_DRIVER = ConfigKey.choice("room.ble-driver", "sim",
      "Door BLE scanner driver: sim or bluez", "sim", "bluez");
  public static final ConfigKey ROOM_SCAN_WINDOW_MS = ConfigKey.integer("room.scan-window-ms", 1500, 0, 60000,
      "How long the door scanner listens after the door PIR fired");
  public static final ConfigKey GPIO_PROVIDER = ConfigKey.choice("gpio.provider", "gpiod",
      "Pi4J provider of pi4j drivers: gpiod (GPIO character device), linuxfs (sysfs GPIO, reachable from a Swarm task) or mock (no hardware)",
      "gpiod", "linuxfs", "mock");
  public static final ConfigKey BRIDGE_ENABLED = ConfigKey.bool("bridge.enabled", false,
      "Run the TCP event-bus bridge on this device node (for devices that are not JVMs, e.g. python/pir_bridge.py)");
  public static final ConfigKey BRIDGE_HOST = ConfigKey.string("bridge.host", "127.0.0.1",
      "Interface of the TCP event-bus bridge");
  public static final ConfigKey BRIDGE_PORT = ConfigKey.port("bridge.port", 7000, "TCP port of the event-bus bridge");
  public static final ConfigKey BRIDGE_INBOUND = ConfigKey.list("bridge.inbound", "nanoedge.presence.motion",
      "Addresses bridge clients may send or publish to (allow-list, comma-separated)");
  public static final ConfigKey BRIDGE_OUTBOUND = ConfigKey.list("bridge.outbound", "",
      "Addresses bridge clients may listen to (allow-list, comma-separated; empty: none)");

  // ---- shell and operations
  public static final ConfigKey SHELL_PORT = ConfigKey.port("shell.port", 5000, "Telnet port of the Vert.x shell");
  public static final ConfigKey SHELL_HOST = ConfigKey.string("shell.host", "127.0.0.1",
      "Interface of the shell's telnet server (loopback unless you mean it)");
  public static final ConfigKey BACKUP_DIR = ConfigKey.string("backup.dir", "backup",
      "Directory where the API writes a backup of every table (before `service undeploy api`)");
  public static final ConfigKey SERVICE_TIMEOUT_MS = ConfigKey.integer("service.timeout-ms", 60000, 1000, 600000,
      "How long `service deploy/undeploy` waits for a role to start or stop (and the API backup to finish)");

  private static final List<ConfigKey> ALL = List.of(
      ROLES, NODE_ID, BUS_TIMEOUT_MS,
      CLUSTER_ENABLED, CLUSTER_CONFIG, CLUSTER_MEMBERS, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_NAME, CLUSTER_BUS_PORT,
      OPS_PORT, OPS_HOST,
      DB_URL, DB_PASSWORD_FILE, DB_POOL_SIZE,
      // database keys of the API role
      DB_CONNECT_TIMEOUT_MS, DB_RECONNECT_MAX_MS,
      ADMIN_TOKEN, ADMIN_TOKEN_FILE, TAG_KEY, TAG_KEY_FILE,
      HTTP_PORT, HTTP_HOST, API_PUBLIC_READ, API_AUTH_LEAD_MINUTES, COAP_PORT, COAPS_PORT, COAP_HOST,
      // API keys
      API_MAX_BODY_BYTES, API_DOCUMENT_MAX_BYTES, COAP_PSK_IDENTITY, COAP_PSK_KEY, COAP_PSK_KEY_FILE,
      COAP_PLAIN_MUTATIONS,
      // controller keys
      SCAN_WINDOW_MS, SCAN_MARGIN_MS, AUTH_TIMEOUT_MS, ADMIT_EXPIRY_MS, GUIDE_TIMEOUT_MS, GUIDE_SEGMENT_MS,
      PRESENT_TIMEOUT_MS, LEADER_LEASE_MS, STATUS_BUFFER, ENTRANCES, COAP_SEED_PORT,
      // device keys
      DISPLAY_PORT, PRESENCE_LOCATION, PRESENCE_DRIVER, PRESENCE_PIN, PRESENCE_DEBOUNCE_MS, PRESENCE_HOLD_MS,
      PRESENCE_COAP_PORT, PRESENCE_DETECT, PRESENCE_DETECT_RETRY_MS, BLE_LOCATION, BLE_DRIVER, BLE_ADAPTER, BLE_RSSI_FLOOR, LED_NODE, LED_LOCATION, LED_DRIVER,
      LED_PINS, LED_BLINK_MS, LED_COAP_URI, ROOM_LOCATION, ROOM_NAME, ROOM_IDLE_TEXT, ROOM_PRESENCE_DRIVER, ROOM_PIN,
      ROOM_COAP_PORT, ROOM_BLE_DRIVER, ROOM_SCAN_WINDOW_MS, GPIO_PROVIDER, BRIDGE_ENABLED, BRIDGE_HOST, BRIDGE_PORT,
      BRIDGE_INBOUND, BRIDGE_OUTBOUND,
      // shell keys
      SHELL_PORT, SHELL_HOST, BACKUP_DIR, SERVICE_TIMEOUT_MS);

  /** Secret keys and the key naming the file that can hold each (the file wins when set). */
  static final Map<ConfigKey, ConfigKey> SECRET_FILES = Map.of(
      ADMIN_TOKEN_FILE, ADMIN_TOKEN,
      TAG_KEY_FILE, TAG_KEY,
      COAP_PSK_KEY_FILE, COAP_PSK_KEY);

  private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

  static {
    for (ConfigKey key : ALL) {
      if (BY_NAME.put(key.name(), key) != null) {
        throw new IllegalStateException("duplicate configuration key " + key.name());
      }
    }
  }

  public static List<ConfigKey> all() {
    return ALL;
  }

  public static Optional<ConfigKey> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The README table: key, environment variable, default, meaning. */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder("| key | environment | default | meaning |\n|---|---|---|---|\n");
    for (ConfigKey key : ALL) {
      out.append("| `").append(key.name()).append("` | `").append(key.envName()).append("` | ")
          .append(key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`").append(" | ")
          .append(key.doc()).append(" |\n");
    }
    return out.toString();
  }
}
