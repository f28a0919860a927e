package io.nanoedge.config;

import java.util.List;
import java.util.Map;

/**
 * A module as a service module registers itself, for the registry's own tests: keys of each type, secret files
 * and a MySQL URL, named like real keys so the tests read as the configuration does.
 */
public final class SampleModule extends NanoModule {
  static final ConfigKey HTTP_PORT = ConfigKey.port("http.port", 8080, "HTTP port");
  static final ConfigKey COAP_PORT = ConfigKey.port("coap.port", 5683, "UDP port of plain CoAP");
  static final ConfigKey OPS_PORT = ConfigKey.port("ops.port", 9090, "Port of the ops endpoints");
  static final ConfigKey SHELL_PORT = ConfigKey.port("shell.port", 5000, "Telnet port");
  static final ConfigKey SHELL_HOST = ConfigKey.string("shell.host", "127.0.0.1", "Interface of the shell");
  static final ConfigKey API_PUBLIC_READ = ConfigKey.bool("api.public-read", false, "Reads without a token");
  static final ConfigKey CLUSTER_MEMBERS = ConfigKey.list("cluster.members", "127.0.0.1", "Members");
  static final ConfigKey ADMIN_TOKEN = ConfigKey.string("admin.token", "", "Bearer token");
  static final ConfigKey ADMIN_TOKEN_FILE = ConfigKey.file("admin.token-file", ADMIN_TOKEN, "File holding it");
  static final ConfigKey DB_URL = ConfigKey.mysqlUrl("db.url", "MySQL URL");
  static final ConfigKey DB_PASSWORD_FILE = ConfigKey.passwordFile("db.password-file", DB_URL, "Its password");

  public SampleModule() {
    super(1, List.of(HTTP_PORT, COAP_PORT, OPS_PORT, SHELL_PORT, SHELL_HOST, API_PUBLIC_READ, CLUSTER_MEMBERS,
        ADMIN_TOKEN, ADMIN_TOKEN_FILE, DB_URL, DB_PASSWORD_FILE),
        Map.of());
  }
}
