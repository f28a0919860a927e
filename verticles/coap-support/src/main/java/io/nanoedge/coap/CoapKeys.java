package io.nanoedge.coap;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoModule;
import java.util.List;

/**
 * The key every CoAP endpoint of a node shares: the interface it binds. Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class CoapKeys implements NanoModule {
  public static final ConfigKey COAP_HOST = ConfigKey.string("coap.host", "0.0.0.0", "Interface of CoAP and CoAPs");

  @Override
  public int order() {
    return 20;
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(COAP_HOST);
  }
}
