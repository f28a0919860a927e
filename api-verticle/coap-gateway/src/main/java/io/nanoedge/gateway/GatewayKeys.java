package io.nanoedge.gateway;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoModule;
import io.nanoedge.config.Role;
import java.util.List;
import java.util.Map;

/**
 * The coap role's keys and its verticle. Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class GatewayKeys extends NanoModule {
  public static final ConfigKey COAPS_SEED_PORT = ConfigKey.port("coaps.seed-port", 5686,
      "UDP port of the seed controller's CoAP resources (/detect, /scan, /api, /guide, /meet) over DTLS, for "
      + "registered devices (coap role)");
  public static final ConfigKey COAP_SEED_PORT = ConfigKey.port("coap.seed-port", 5685,
      "UDP port of the seed resources over plain CoAP; open only when coap.device-plain is true (coap role)");

  public GatewayKeys() {
    super(50, List.of(COAPS_SEED_PORT, COAP_SEED_PORT),
        Map.of(Role.COAP, CoapGatewayVerticle.class));
  }
}
