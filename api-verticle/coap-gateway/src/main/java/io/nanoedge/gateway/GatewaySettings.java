package io.nanoedge.gateway;

import io.nanoedge.coap.CoapKeys;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import java.time.Duration;

/** The coap role's settings, read once at start: where it listens and how long each command may take. */
record GatewaySettings(String host, int port, Duration busTimeout, Duration scanMargin, Duration presentTimeout) {
  static GatewaySettings from(NanoConfig config) {
    return new GatewaySettings(config.string(CoapKeys.COAP_HOST), config.integer(GatewayKeys.COAP_SEED_PORT),
        Duration.ofMillis(config.integer(Keys.BUS_TIMEOUT_MS)), Duration.ofMillis(config.integer(Keys.SCAN_MARGIN_MS)),
        Duration.ofMillis(config.integer(Keys.PRESENT_TIMEOUT_MS)));
  }
}
