package io.nanoedge.shell;

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
    return new ShellSettings(config.string(Keys.NODE_ID), config.string(ShellKeys.SHELL_HOST),
        config.integer(ShellKeys.SHELL_PORT), Duration.ofSeconds(config.longValue(ShellKeys.SHELL_IDLE_TIMEOUT_S)),
        config.integer(ShellKeys.SHELL_MAX_SESSIONS), Duration.ofMillis(config.longValue(Keys.BUS_TIMEOUT_MS)),
        Duration.ofMillis(config.longValue(Keys.SERVICE_TIMEOUT_MS)), expected);
  }
}
