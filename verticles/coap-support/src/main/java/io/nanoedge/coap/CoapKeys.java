package io.nanoedge.coap;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoModule;
import java.util.List;
import java.util.Map;

/**
 * The key every CoAP endpoint of a node shares: the interface it binds. Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class CoapKeys extends NanoModule {
  public static final ConfigKey COAP_HOST = ConfigKey.string("coap.host", "0.0.0.0", "Interface of CoAP and CoAPs");

  public CoapKeys() {
    super(20, List.of(COAP_HOST),
        Map.of());
  }
}
