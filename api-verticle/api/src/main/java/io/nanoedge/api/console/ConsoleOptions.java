package io.nanoedge.api.console;

import io.nanoedge.api.ApiKeys;
import io.nanoedge.config.NanoConfig;
import java.time.Duration;

/** The console's settings: its session cookie, session lifetimes, password cost, sign-in throttle, live board cap. */
public record ConsoleOptions(boolean secureCookie, Duration sessionLife, Duration idle, int bcryptCost,
    int accountFailures, int addressFailures, Duration failureWindow, int boardMaxClients) {

  public static ConsoleOptions from(NanoConfig config) {
    return new ConsoleOptions(config.bool(ApiKeys.CONSOLE_SECURE_COOKIE),
        Duration.ofMinutes(config.integer(ApiKeys.CONSOLE_SESSION_MINUTES)),
        Duration.ofMinutes(config.integer(ApiKeys.CONSOLE_IDLE_MINUTES)), config.integer(ApiKeys.CONSOLE_BCRYPT_COST),
        config.integer(ApiKeys.CONSOLE_SIGNIN_ACCOUNT_FAILURES),
        config.integer(ApiKeys.CONSOLE_SIGNIN_ADDRESS_FAILURES),
        Duration.ofSeconds(config.integer(ApiKeys.CONSOLE_SIGNIN_WINDOW_S)),
        config.integer(ApiKeys.CONSOLE_BOARD_MAX_CLIENTS));
  }

  /**
   * The {@code __Host-} prefix makes the browser refuse the cookie unless it is Secure, host-only and for path /,
   * so no sibling host or path can plant or shadow it; browsers accept Secure cookies over plain HTTP only from
   * localhost, hence the plain name when the console is served over HTTP on a LAN address.
   */
  public String cookieName() {
    return secureCookie ? "__Host-nanoedge-session" : "nanoedge-session";
  }
}
