package io.nanoedge.coap;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.NanoModule;
import java.util.List;
import java.util.Map;

/**
 * The keys every CoAP endpoint of a node shares: the interface it binds, and the limits and plain-CoAP switch of
 * the device fronts (the seed gateway and the CoAP drivers). Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class CoapKeys extends NanoModule {
  public static final ConfigKey COAP_HOST = ConfigKey.string("coap.host", "0.0.0.0", "Interface of CoAP and CoAPs");
  public static final ConfigKey DEVICE_PLAIN = ConfigKey.bool("coap.device-plain", false,
      "Accept plain CoAP, without a device credential and for any location: the coap role also opens its plain seed "
      + "port, the CoAP PIR drivers speak plain CoAP instead of DTLS, coap:// LED devices are allowed; only for "
      + "devices without DTLS on a segment nobody else reaches (logged as a warning)");
  public static final ConfigKey DEVICE_MAX_BODY = ConfigKey.integer("coap.device-max-body", 2048, 64, 65536,
      "Largest request body (bytes, block-wise included) a device front accepts from an authenticated device");
  public static final ConfigKey DEVICE_PLAIN_MAX_BODY = ConfigKey.integer("coap.device-plain-max-body", 1024, 64,
      65536, "Largest request body (bytes) a device front accepts over plain CoAP (coap.device-plain)");
  public static final ConfigKey DEVICE_BLOCKWISE_MS = ConfigKey.integer("coap.device-blockwise-ms", 10000, 1000,
      600000, "How long a device front keeps an unfinished block-wise transfer of a peer");
  public static final ConfigKey DEVICE_MAX_PEERS = ConfigKey.integer("coap.device-max-peers", 1000, 1, 1000000,
      "Most peers (and DTLS connections) a device front endpoint keeps state for at once");

  public CoapKeys() {
    super(20, List.of(COAP_HOST, DEVICE_PLAIN, DEVICE_MAX_BODY, DEVICE_PLAIN_MAX_BODY, DEVICE_BLOCKWISE_MS,
        DEVICE_MAX_PEERS),
        Map.of());
  }

  /** The device fronts' limits for an endpoint that authenticates its peers ({@code secure}) or not. */
  public static DeviceDtls.Limits deviceLimits(NanoConfig config, boolean secure) {
    return new DeviceDtls.Limits(config.integer(secure ? DEVICE_MAX_BODY : DEVICE_PLAIN_MAX_BODY),
        config.integer(DEVICE_BLOCKWISE_MS), config.integer(DEVICE_MAX_PEERS));
  }
}
