package io.nanoedge.api;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/** A real Californium client over UDP (plain) or DTLS with a PSK, for the API's CoAP tests. */
final class CoapTestClient implements AutoCloseable {
  private final Endpoint endpoint;
  private final String base;

  private CoapTestClient(Endpoint endpoint, String base) {
    this.endpoint = endpoint;
    this.base = base;
  }

  static Configuration config() {
    CoapConfig.register();
    UdpConfig.register();
    DtlsConfig.register();
    Configuration config = Configuration.createStandardWithoutFile();
    config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 8 * 1024 * 1024);
    config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
    config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
    return config;
  }

  static CoapTestClient plain(int port) {
    Configuration config = config();
    CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(config)
        .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
    return new CoapTestClient(endpoint, "coap://127.0.0.1:" + port);
  }

  static CoapTestClient secure(int port, String identity, String key) {
    return secure(port, identity, key.getBytes(StandardCharsets.UTF_8));
  }

  static CoapTestClient secure(int port, String identity, byte[] key) {
    Configuration config = config();
    DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
        .setAddress(new InetSocketAddress("127.0.0.1", 0))
        .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key)).build();
    CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls))
        .build();
    return new CoapTestClient(endpoint, "coaps://127.0.0.1:" + port);
  }

  CoapClient client(String path) {
    CoapClient client = new CoapClient(base + path);
    client.setEndpoint(endpoint);
    client.setTimeout(5000L);
    return client;
  }

  CoapResponse send(Code code, String path, String json) {
    return send(code, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
        MediaTypeRegistry.APPLICATION_JSON);
  }

  /** Sends one request; null when no response came in time (e.g. a refused DTLS handshake). */
  CoapResponse send(Code code, String path, byte[] payload, int contentFormat) {
    Request request = new Request(code);
    if (payload != null) {
      request.setPayload(payload);
      request.getOptions().setContentFormat(contentFormat);
    }
    CoapClient client = client(path);
    try {
      return client.advanced(request);
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
