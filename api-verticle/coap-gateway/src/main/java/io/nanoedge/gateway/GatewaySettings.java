package io.nanoedge.gateway;

import io.nanoedge.coap.CoapKeys;
import io.nanoedge.coap.DeviceDtls;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import java.time.Duration;

/**
 * The coap role's settings, read once at start: where it listens (DTLS always, plain CoAP only when
 * {@code plain}), what it accepts, how long a command may take and how long a device's credential is kept.
 */
record GatewaySettings(String host, int securePort, boolean plain, int plainPort, DeviceDtls.Limits secureLimits,
    DeviceDtls.Limits plainLimits, Duration busTimeout, Duration scanMargin, Duration credentialTtl) {
  static GatewaySettings from(NanoConfig config) {
    return new GatewaySettings(config.string(CoapKeys.COAP_HOST), config.integer(GatewayKeys.COAPS_SEED_PORT),
        config.bool(CoapKeys.DEVICE_PLAIN), config.integer(GatewayKeys.COAP_SEED_PORT),
        CoapKeys.deviceLimits(config, true), CoapKeys.deviceLimits(config, false),
        Duration.ofMillis(config.integer(Keys.BUS_TIMEOUT_MS)), Duration.ofMillis(config.integer(Keys.SCAN_MARGIN_MS)),
        Duration.ofMillis(config.integer(Keys.DEVICE_CACHE_MS)));
  }
}
