package io.nanoedge.shell;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoModule;
import io.nanoedge.config.Role;
import java.util.List;
import java.util.Map;

/**
 * The shell role's keys and its verticle. Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class ShellKeys extends NanoModule {
  public static final ConfigKey SHELL_PORT = ConfigKey.port("shell.port", 5000, "Telnet port of the Vert.x shell");
  public static final ConfigKey SHELL_HOST = ConfigKey.string("shell.host", "127.0.0.1",
      "Loopback address of the shell's telnet server (anything else is refused: telnet authenticates nobody)");
  public static final ConfigKey SHELL_IDLE_TIMEOUT_S = ConfigKey.integer("shell.idle-timeout-s", 600, 1, 86400,
      "Seconds a telnet connection may send nothing (no key typed, even while `status tail` prints) before it is told "
      + "so and closed");
  public static final ConfigKey SHELL_MAX_SESSIONS = ConfigKey.integer("shell.max-sessions", 8, 1, 1000,
      "Telnet connections the shell keeps open at once; one more is told so and closed as soon as it is accepted, "
      + "before any session is made for it");

  public ShellKeys() {
    super(70, List.of(SHELL_PORT, SHELL_HOST, SHELL_IDLE_TIMEOUT_S, SHELL_MAX_SESSIONS),
        Map.of(Role.SHELL, ShellVerticle.class));
  }
}
