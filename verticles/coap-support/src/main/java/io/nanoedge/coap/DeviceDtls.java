package io.nanoedge.coap;

import io.nanoedge.bus.DeviceCredential;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * DTLS for the device fronts, the same everywhere: pre-shared keys of at least {@link #MIN_KEY_BYTES} bytes,
 * cipher suites with forward secrecy (ECDHE-PSK) offered first and plain PSK only after them (for devices whose
 * DTLS stack has nothing else, e.g. tinydtls's CCM_8), and limits on connections and on what an endpoint keeps
 * for a peer before the peer has proven anything.
 */
public final class DeviceDtls {
  /** The shortest pre-shared key a device front accepts or uses. */
  public static final int MIN_KEY_BYTES = 16;

  /**
   * Forward secrecy first; the plain PSK suites last. AEAD suites only (Scandium's recommended set): the CBC ones
   * stay out. Those the JVM cannot run are left out too.
   */
  static final List<CipherSuite> SUITES = List.of(
      CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256,
      CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256,
      CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
      CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);

  private DeviceDtls() {
  }

  /** Limits a device front puts on any CoAP endpoint. */
  public record Limits(int maxBodyBytes, int blockwiseLifetimeMs, int maxPeers) {
  }

  /**
   * Californium's configuration for a device front endpoint: resource bodies (block-wise uploads included) at
   * most {@code maxBodyBytes}, an unfinished block-wise transfer forgotten after {@code blockwiseLifetimeMs}, at most
   * {@code maxPeers} peers (DTLS connections too) kept at once.
   */
  public static Configuration configuration(Limits limits) {
    Configuration config = Californium.configuration();
    config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, limits.maxBodyBytes());
    config.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, limits.blockwiseLifetimeMs(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    config.set(CoapConfig.MAX_ACTIVE_PEERS, limits.maxPeers());
    config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, limits.maxPeers());
    return config;
  }

  /** A DTLS server connector whose peers are the registered devices of {@code keys}. */
  public static DTLSConnector server(Configuration config, InetSocketAddress address, DevicePskStore keys) {
    DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
        .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
        .set(DtlsConfig.DTLS_CIPHER_SUITES, supported())
        .setAddress(address)
        .setAdvancedPskStore(keys).setApplicationLevelInfoSupplier(keys)
        .build();
    return new DTLSConnector(dtls);
  }

  /** A DTLS client connector that proves it is device {@code identity} with {@code key}. */
  public static DTLSConnector client(Configuration config, String identity, byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("a device key must be at least " + MIN_KEY_BYTES + " bytes, got "
          + key.length);
    }
    DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
        .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
        .set(DtlsConfig.DTLS_CIPHER_SUITES, supported())
        .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
        .build();
    return new DTLSConnector(dtls);
  }

  static List<CipherSuite> supported() {
    return SUITES.stream().filter(CipherSuite::isSupported).toList();
  }

  /** The registered device that sent {@code request} over DTLS; null for plain CoAP or an unknown principal. */
  public static DeviceCredential device(Request request) {
    Principal peer = request.getSourceContext().getPeerIdentity();
    if (peer instanceof PreSharedKeyIdentity psk && psk.getExtendedInfo() != null) {
      return psk.getExtendedInfo().get(DevicePskStore.INFO, DeviceCredential.class);
    }
    return null;
  }
}
