package io.nanoedge.shell;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.Keys;
import io.nanoedge.config.Modules;
import io.nanoedge.config.NanoConfig;
import java.time.Duration;

/** The shell role's settings, read once at start: where telnet listens, its limits and how long commands wait. */
record ShellSettings(String nodeId, String host, int port, Duration idleTimeout, int maxSessions, Duration busTimeout,
    Duration serviceTimeout, int expectedMembers) {
  static ShellSettings from(NanoConfig config) {
    // The cluster's keys belong to node-base, which the shell does not import: looked up by name (0 without it).
    int expected = Modules.key("cluster.expected-members").map(config::integer).orElse(0);
    return new ShellSettings(config.string(Keys.NODE_ID), loopback(config.string(ShellKeys.SHELL_HOST)),
        config.integer(ShellKeys.SHELL_PORT), Duration.ofSeconds(config.longValue(ShellKeys.SHELL_IDLE_TIMEOUT_S)),
        config.integer(ShellKeys.SHELL_MAX_SESSIONS), Duration.ofMillis(config.longValue(Keys.BUS_TIMEOUT_MS)),
        Duration.ofMillis(config.longValue(Keys.SERVICE_TIMEOUT_MS)), expected);
  }

  /**
   * The shell authenticates nobody (telnet: whoever reaches it may admit visitors and deploy roles), so it listens
   * only on this host's loopback; an operator elsewhere comes in over SSH or `docker exec`.
   */
  static String loopback(String host) {
    if (!(host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}"))) {
      throw new ConfigException("configuration key 'shell.host' must be a loopback address (127.0.0.1, ::1 or "
          + "localhost): the shell's telnet authenticates nobody, got '" + host + "'");
    }
    return host;
  }
}
