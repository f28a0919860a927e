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
      "Roles this node runs, comma-separated: api, controller, presence, ble, led, room, coap, shell, or all");
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

  // ---- shell and operations
  public static final ConfigKey SHELL_PORT = ConfigKey.port("shell.port", 5000, "Telnet port of the Vert.x shell");
  public static final ConfigKey SHELL_HOST = ConfigKey.string("shell.host", "127.0.0.1",
      "Interface of the shell's telnet server (loopback unless you mean it)");

  private static final List<ConfigKey> ALL = List.of(
      ROLES, NODE_ID, BUS_TIMEOUT_MS,
      CLUSTER_ENABLED, CLUSTER_CONFIG, CLUSTER_MEMBERS, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_NAME, CLUSTER_BUS_PORT,
      OPS_PORT, OPS_HOST,
      DB_URL, DB_PASSWORD_FILE, DB_POOL_SIZE,
      ADMIN_TOKEN, ADMIN_TOKEN_FILE, TAG_KEY, TAG_KEY_FILE,
      HTTP_PORT, HTTP_HOST, API_PUBLIC_READ, API_AUTH_LEAD_MINUTES, COAP_PORT, COAPS_PORT, COAP_HOST,
      // controller keys
      SCAN_WINDOW_MS, SCAN_MARGIN_MS, AUTH_TIMEOUT_MS, ADMIT_EXPIRY_MS, GUIDE_TIMEOUT_MS, GUIDE_SEGMENT_MS,
      PRESENT_TIMEOUT_MS, LEADER_LEASE_MS, STATUS_BUFFER, ENTRANCES, COAP_SEED_PORT,
      // device keys
      DISPLAY_PORT,
      // shell keys
      SHELL_PORT, SHELL_HOST);

  /** Secret keys and the key naming the file that can hold each (the file wins when set). */
  static final Map<ConfigKey, ConfigKey> SECRET_FILES = Map.of(
      ADMIN_TOKEN_FILE, ADMIN_TOKEN,
      TAG_KEY_FILE, TAG_KEY);

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
