package io.nanoedge.api;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoModule;
import io.nanoedge.config.Role;
import java.util.List;
import java.util.Map;

/**
 * The api role's keys (database, secrets, HTTP and CoAP fronts, backups) and its verticle. Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class ApiKeys extends NanoModule {
  public static final ConfigKey DB_URL = ConfigKey.mysqlUrl("db.url",
      "MySQL/MariaDB as mysql://user:pass@host:port/db (empty: the demo starts an embedded MariaDB)");
  public static final ConfigKey DB_PASSWORD_FILE = ConfigKey.passwordFile("db.password-file", DB_URL,
      "File holding the database password, replacing the one in db.url (Docker secret)");
  public static final ConfigKey DB_POOL_SIZE = ConfigKey.integer("db.pool-size", 4, 1, 64,
      "Connections in the database pool");
  public static final ConfigKey DB_CONNECT_TIMEOUT_MS = ConfigKey.integer("db.connect-timeout-ms", 2000, 100, 60000,
      "Timeout of one database connection attempt and of a request's wait for a pooled connection (then 503 busy; "
      + "the database is checked on a connection of its own before the node is taken for down)");
  public static final ConfigKey DB_RECONNECT_MAX_MS = ConfigKey.integer("db.reconnect-max-ms", 1000, 50, 60000,
      "Longest pause between reconnection attempts while the database is down (backoff starts at 50 ms)");
  public static final ConfigKey DB_MAX_WAITING = ConfigKey.integer("db.max-waiting", 64, 1, 100000,
      "Requests that may wait for a free database connection; beyond them a request gets 503 busy with Retry-After "
      + "at once (back-pressure: the database is not taken for down)");
  public static final ConfigKey ADMIN_TOKEN = ConfigKey.string("admin.token", "",
      "Bearer token for API mutations and admin endpoints (empty: mutations are refused)");
  public static final ConfigKey ADMIN_TOKEN_FILE = ConfigKey.file("admin.token-file", ADMIN_TOKEN,
      "File holding admin.token (Docker secret)");
  public static final ConfigKey HTTP_PORT = ConfigKey.port("http.port", 8080, "HTTP port of the API");
  public static final ConfigKey HTTP_HOST = ConfigKey.string("http.host", "0.0.0.0", "Interface of the HTTP API");
  public static final ConfigKey HTTP_IDLE_TIMEOUT_S = ConfigKey.integer("http.idle-timeout-s", 30, 1, 3600,
      "Seconds an HTTP API connection may send and receive nothing (idle keep-alive, a stalled upload) before it is "
      + "closed");
  public static final ConfigKey HTTP_MAX_CONNECTIONS = ConfigKey.integer("http.max-connections", 256, 1, 65535,
      "Open connections the HTTP API keeps at once; one more is closed as soon as it is accepted");
  public static final ConfigKey API_PUBLIC_READ = ConfigKey.bool("api.public-read", false,
      "Allow GET requests on the API without the admin token");
  public static final ConfigKey API_AUTH_LEAD_MINUTES = ConfigKey.integer("api.auth-lead-minutes", 15, 0, 1440,
      "Minutes before an event's start from which its participants are recognised");
  public static final ConfigKey COAP_PORT = ConfigKey.port("coap.port", 5683, "UDP port of plain CoAP");
  public static final ConfigKey COAPS_PORT = ConfigKey.port("coaps.port", 5684, "UDP port of CoAP over DTLS (PSK)");
  public static final ConfigKey API_MAX_BODY_BYTES = ConfigKey.integer("api.max-body-bytes", 65536, 1024, 16777216,
      "Largest JSON request body on HTTP and CoAP (413 above)");
  public static final ConfigKey API_DOCUMENT_MAX_BYTES = ConfigKey.integer("api.document-max-bytes", 4194304, 1024,
      12582912, "Largest event document (stored in the database; 413 above)");
  public static final ConfigKey COAP_SMALL_BODY_BYTES = ConfigKey.integer("coap.small-body-bytes", 1024, 64, 65536,
      "Largest request body on the API's plain (unauthenticated) CoAP port, and so the buffer a block-wise upload "
      + "there may reserve (4.13 above); larger bodies only over CoAPs, up to api.document-max-bytes");
  public static final ConfigKey COAP_BLOCKWISE_LIFETIME_S = ConfigKey.integer("coap.blockwise-lifetime-s", 10, 1,
      300, "Seconds an unfinished block-wise transfer of the API's CoAP/CoAPs is kept before it is dropped "
      + "(Californium's default is 300)");
  public static final ConfigKey COAP_MAX_PEERS = ConfigKey.integer("coap.max-peers", 500, 1, 100000,
      "Peers each CoAP endpoint of the API tracks at once (block-wise transfers; DTLS sessions on CoAPs); beyond "
      + "them a new transfer or handshake is refused until one expires");
  public static final ConfigKey COAP_PSK_IDENTITY = ConfigKey.string("coap.psk-identity", "nanoedge",
      "DTLS PSK identity that may change data over CoAPs");
  public static final ConfigKey COAP_PSK_KEY = ConfigKey.string("coap.psk-key", "",
      "DTLS pre-shared key (text, at least 8 characters); empty: no CoAPs endpoint");
  public static final ConfigKey COAP_PSK_KEY_FILE = ConfigKey.file("coap.psk-key-file", COAP_PSK_KEY,
      "File holding coap.psk-key (Docker secret)");
  public static final ConfigKey COAP_PLAIN_MUTATIONS = ConfigKey.bool("coap.plain-mutations", false,
      "Accept POST/PUT/DELETE over plain (unauthenticated) CoAP; only for a closed test network");
  public static final ConfigKey DEVICE_KEY = ConfigKey.string("device.key", "",
      "Site secret from which every device's pre-shared key is derived (at least 16 bytes; never change it: every "
      + "device would need a new key); empty: devices cannot be registered and no device credential is served");
  public static final ConfigKey DEVICE_KEY_FILE = ConfigKey.file("device.key-file", DEVICE_KEY,
      "File holding device.key (Docker secret)");
  public static final ConfigKey RETENTION_DAYS = ConfigKey.integer("retention.days", 90, 1, 3650,
      "Days visits, journeys and their status lines are kept (presence logs are personal data); older ones are "
      + "deleted by a sweep");
  public static final ConfigKey RETENTION_SWEEP_MINUTES = ConfigKey.integer("retention.sweep-minutes", 60, 1, 1440,
      "Minutes between two retention sweeps (the first runs a minute after the start)");
  public static final ConfigKey BACKUP_DIR = ConfigKey.string("backup.dir", "backup",
      "Directory where the API writes a backup of every table (before `service undeploy api`)");
  public static final ConfigKey CONSOLE_SECURE_COOKIE = ConfigKey.bool("console.secure-cookie", true,
      "Console session cookie __Host-nanoedge-session with Secure (browsers keep it over HTTPS and on "
      + "http://localhost or 127.0.0.1 only); false: nanoedge-session without Secure, for plain HTTP on a LAN address");
  public static final ConfigKey CONSOLE_SESSION_MINUTES = ConfigKey.integer("console.session-minutes", 480, 5, 10080,
      "Longest life of a console session, from sign-in");
  public static final ConfigKey CONSOLE_IDLE_MINUTES = ConfigKey.integer("console.idle-minutes", 60, 1, 10080,
      "A console session unused this long is signed out");
  public static final ConfigKey CONSOLE_BCRYPT_COST = ConfigKey.integer("console.bcrypt-cost", 10, 4, 16,
      "BCrypt cost (log2 rounds) of new account passwords; each step doubles the time (10: ~0.12 s a check on an "
      + "x86 core)");
  public static final ConfigKey CONSOLE_SIGNIN_ACCOUNT_FAILURES = ConfigKey.integer("console.signin-account-failures",
      5, 1, 1000, "Wrong passwords for one username within console.signin-window-s before it is refused (429)");
  public static final ConfigKey CONSOLE_SIGNIN_ADDRESS_FAILURES = ConfigKey.integer("console.signin-address-failures",
      20, 1, 10000, "Failed sign-ins from one address within console.signin-window-s before it is refused (429)");
  public static final ConfigKey CONSOLE_SIGNIN_WINDOW_S = ConfigKey.integer("console.signin-window-s", 900, 1, 86400,
      "Window of the sign-in failure counts; a throttled username or address may try again when it ends");
  public static final ConfigKey CONSOLE_BOARD_MAX_CLIENTS = ConfigKey.integer("console.board-max-clients", 32, 1,
      10000, "Live-board event streams (SSE) one API node serves at once (503 beyond)");

  public ApiKeys() {
    super(30, List.of(DB_URL, DB_PASSWORD_FILE, DB_POOL_SIZE, DB_CONNECT_TIMEOUT_MS, DB_RECONNECT_MAX_MS,
        DB_MAX_WAITING, ADMIN_TOKEN, ADMIN_TOKEN_FILE, HTTP_PORT, HTTP_HOST, HTTP_IDLE_TIMEOUT_S, HTTP_MAX_CONNECTIONS,
        API_PUBLIC_READ, API_AUTH_LEAD_MINUTES, COAP_PORT, COAPS_PORT, API_MAX_BODY_BYTES, API_DOCUMENT_MAX_BYTES,
        COAP_SMALL_BODY_BYTES, COAP_BLOCKWISE_LIFETIME_S, COAP_MAX_PEERS, COAP_PSK_IDENTITY, COAP_PSK_KEY,
        COAP_PSK_KEY_FILE, COAP_PLAIN_MUTATIONS, DEVICE_KEY, DEVICE_KEY_FILE, RETENTION_DAYS, RETENTION_SWEEP_MINUTES,
        BACKUP_DIR, CONSOLE_SECURE_COOKIE, CONSOLE_SESSION_MINUTES, CONSOLE_IDLE_MINUTES, CONSOLE_BCRYPT_COST,
        CONSOLE_SIGNIN_ACCOUNT_FAILURES, CONSOLE_SIGNIN_ADDRESS_FAILURES, CONSOLE_SIGNIN_WINDOW_S,
        CONSOLE_BOARD_MAX_CLIENTS),
        Map.of(Role.API, ApiVerticle.class));
  }
}
