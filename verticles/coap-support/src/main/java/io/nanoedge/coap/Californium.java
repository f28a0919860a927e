package io.nanoedge.coap;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * Californium's configuration built in code for every CoAP endpoint of a node (the API's front, the gateway, the
 * CoAP drivers), so nothing writes {@code Californium3.properties} next to the node. Scandium's {@code DtlsConfig}
 * is registered too, so the same configuration serves a DTLS endpoint.
 */
public final class Californium {
  private Californium() {
  }

  public static Configuration configuration() {
    CoapConfig.register();
    UdpConfig.register();
    DtlsConfig.register();
    return Configuration.createStandardWithoutFile();
  }

  /** A UDP (or DTLS) endpoint builder with {@code config} that refuses malformed blocks ({@link StrictBlockParser}). */
  public static CoapEndpoint.Builder endpoint(Configuration config) {
    return CoapEndpoint.builder().setConfiguration(config)
        .setDataSerializerAndParser(new UdpDataSerializer(), new StrictBlockParser());
  }
}
