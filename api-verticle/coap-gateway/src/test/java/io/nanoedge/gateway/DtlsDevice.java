package io.nanoedge.gateway;

import io.nanoedge.coap.Californium;
import io.nanoedge.coap.DeviceDtls;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;

/**
 * A device as the tests play it: Californium's client over real UDP, with DTLS as device {@code identity} (or
 * plain CoAP when the identity is null). {@link #post} answers null when no response came (a refused handshake).
 */
final class DtlsDevice implements AutoCloseable {
  private final CoapEndpoint endpoint;
  private final String base;

  DtlsDevice(String identity, byte[] key, int port) {
    Configuration config = Californium.configuration();
    CoapEndpoint.Builder builder = new CoapEndpoint.Builder().setConfiguration(config);
    if (identity != null) {
      builder.setConnector(DeviceDtls.client(config, identity, key));
    }
    endpoint = builder.build();
    base = (identity != null ? "coaps" : "coap") + "://127.0.0.1:" + port + "/";
  }

  CoapResponse post(String path, String json) {
    CoapClient client = new CoapClient(base + path).setEndpoint(endpoint).setTimeout(4000L);
    try {
      return client.post(json, MediaTypeRegistry.APPLICATION_JSON);
    } catch (Exception e) {
      return null;
    } finally {
      client.shutdown();
    }
  }

  @Override
  public void close() {
    endpoint.destroy();
  }
}
