package io.nanoedge.cluster;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.ops.NodeBaseKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Set;

/**
 * The clustered event bus over mutual TLS 1.3 with the site's certificates: each node presents its own certificate
 * and accepts a connection only from a certificate the site CA signed, in both directions. The stores are checked
 * at start, so a wrong password or a certificate of another site stops the node with a message naming the key.
 *
 * <p>The stores are opened and the private key decrypted once per node, and the bus gets the key and certificates
 * in memory (PEM): every opening of a PKCS#12 store derives keys with the store's rounds of HMAC-SHA256 (10,000 in
 * a store the JDK writes by default; one in those nanoedge certs writes under its random password), slow on the
 * image's C1-only JVM (no SHA intrinsics; 20-50 ms each once compiled, more before), and the stores were opened for
 * the cluster name, for the bus and by path again for each of the bus's TLS contexts. With the rounds of Vert.x's
 * own stores (see apply) and the unchecked built-in Hazelcast XML, a node joining a cluster starts with 3.3 s of CPU
 * instead of 4.1 s (bench/startup.sh). The clustered bus copies its options through JSON, which keeps PEM values
 * but drops wrapped key managers.
 */
public final class ClusterTls {
  static final String PROTOCOL = "TLSv1.3";
  private static final int FINGERPRINT_CHARS = 16;
  private static final String PKCS12_KEY_ROUNDS = "keystore.pkcs12.keyPbeIterationCount";

  private ClusterTls() {
  }

  /** The checked material of a node: its key and certificates, the certificates it trusts, the site CA. */
  public record Material(PemKeyCertOptions keys, PemTrustOptions trust, X509Certificate siteCa) {
    /** A short SHA-256 fingerprint of the site CA, part of the cluster name. */
    public String siteFingerprint() {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(siteCa.getEncoded());
        return HexFormat.of().formatHex(digest).substring(0, FINGERPRINT_CHARS);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
    }
  }

  /** Whether the node has cluster certificates configured at all. */
  public static boolean configured(NanoConfig config) {
    return !config.string(NodeBaseKeys.CLUSTER_TLS_KEYSTORE).isEmpty();
  }

  /**
   * Loads and checks the stores. A clustered node without them does not start: the bus would otherwise carry every
   * command (admit, deploy, backup) to and from any host that joins.
   */
  public static Material load(NanoConfig config) {
    if (!configured(config)) {
      throw new ConfigException("a clustered node needs the site's certificates: set cluster.tls.keystore, "
          + "cluster.tls.truststore and cluster.tls.password-file (make them with: nanoedge certs <dir> --nodes "
          + "<names>); the clustered event bus runs only over mutual TLS");
    }
    String password = config.string(NodeBaseKeys.CLUSTER_TLS_PASSWORD);
    if (password.isEmpty()) {
      throw new ConfigException("configuration key 'cluster.tls.password' (or cluster.tls.password-file) must be set "
          + "with cluster.tls.keystore");
    }
    if (config.string(NodeBaseKeys.CLUSTER_TLS_TRUSTSTORE).isEmpty()) {
      throw new ConfigException("configuration key 'cluster.tls.truststore' must be set with cluster.tls.keystore: "
          + "the site CA is what the bus trusts");
    }
    Path keystorePath = Path.of(config.string(NodeBaseKeys.CLUSTER_TLS_KEYSTORE));
    Path truststorePath = Path.of(config.string(NodeBaseKeys.CLUSTER_TLS_TRUSTSTORE));
    KeyStore keystore = open(NodeBaseKeys.CLUSTER_TLS_KEYSTORE.name(), keystorePath, password);
    KeyStore truststore = open(NodeBaseKeys.CLUSTER_TLS_TRUSTSTORE.name(), truststorePath, password);
    X509Certificate[] chain = chain(keystore, keystorePath);
    X509Certificate own = chain[0];
    try {
      own.checkValidity();
    } catch (CertificateException e) {
      throw new ConfigException("configuration key 'cluster.tls.keystore': the certificate of " + keystorePath
          + " is not valid now (valid " + own.getNotBefore() + " to " + own.getNotAfter() + ")");
    }
    X509Certificate ca = signer(truststore, chain[chain.length - 1]);
    if (ca == null) {
      throw new ConfigException("configuration key 'cluster.tls.keystore': the certificate of " + keystorePath
          + " (" + own.getSubjectX500Principal().getName() + ") is not signed by a CA in cluster.tls.truststore "
          + truststorePath);
    }
    return new Material(keyCert(keystore, password, keystorePath, chain), trusted(truststore), ca);
  }

  /**
   * Mutual TLS 1.3 on the clustered event bus: a peer without a certificate of the site CA is refused.
   *
   * <p>Vert.x and Netty put the key into PKCS#12 stores of their own, in memory, for each TLS context they build
   * (the bus's server and client): ~12 more key derivations of 10,000 rounds each (0.2 s of a joining node's CPU,
   * measured). Those stores never leave the process and hold a key this process already has in the clear, so their
   * password rounds protect nothing: the JDK's setting for new PKCS#12 key entries is set to 1 round for this
   * process (unless the operator set it). The site's stores on disk keep theirs (they are read, not written, here;
   * keytool writes them in a JVM of its own). A feature that writes a PKCS#12 file from a node would have to set
   * its own rounds.
   */
  public static EventBusOptions apply(Material material, EventBusOptions bus) {
    if (System.getProperty(PKCS12_KEY_ROUNDS) == null) {
      System.setProperty(PKCS12_KEY_ROUNDS, "1");
    }
    return bus.setSsl(true)
        .setKeyCertOptions(material.keys())
        .setTrustOptions(material.trust())
        .setClientAuth(ClientAuth.REQUIRED)
        .setEnabledSecureTransportProtocols(Set.of(PROTOCOL));
  }

  /**
   * {@code cluster.name} plus the site CA's fingerprint: a node with another site's certificates forms a cluster
   * of its own instead of joining (Hazelcast's open-source edition cannot authenticate a member; this keeps honest
   * mistakes apart, the bus's TLS keeps everyone else out). Without certificates, the plain name (tools and tests
   * that build a Hazelcast configuration only).
   */
  public static String clusterName(NanoConfig config) {
    return clusterName(config, configured(config) ? load(config) : null);
  }

  /** The same, with the node's certificates already loaded (null: none configured). */
  public static String clusterName(NanoConfig config, Material material) {
    String name = config.string(NodeBaseKeys.CLUSTER_NAME);
    return material == null ? name : name + "-" + material.siteFingerprint();
  }

  private static PemKeyCertOptions keyCert(KeyStore keystore, String password, Path path, X509Certificate[] chain) {
    try {
      for (String alias : Collections.list(keystore.aliases())) {
        if (keystore.isKeyEntry(alias) && keystore.getKey(alias, password.toCharArray()) instanceof PrivateKey key) {
          // One key, one buffer with its whole chain (Vert.x pairs the i-th key with the i-th certificate buffer).
          Buffer certs = Buffer.buffer();
          for (X509Certificate cert : chain) {
            certs.appendBuffer(pem("CERTIFICATE", cert.getEncoded()));
          }
          return new PemKeyCertOptions().setKeyValue(pem("PRIVATE KEY", key.getEncoded())).setCertValue(certs);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigException("configuration key 'cluster.tls.keystore': cannot decrypt the private key of '"
          + path + "' with cluster.tls.password: " + e.getMessage());
    }
    throw new ConfigException("configuration key 'cluster.tls.keystore': '" + path + "' holds no private key");
  }

  private static PemTrustOptions trusted(KeyStore truststore) {
    try {
      PemTrustOptions options = new PemTrustOptions();
      for (String alias : Collections.list(truststore.aliases())) {
        if (truststore.getCertificate(alias) instanceof X509Certificate cert) {
          options.addCertValue(pem("CERTIFICATE", cert.getEncoded()));
        }
      }
      return options;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("configuration key 'cluster.tls.truststore': cannot read it: " + e.getMessage());
    }
  }

  private static Buffer pem(String type, byte[] der) {
    return Buffer.buffer("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(der) + "\n-----END " + type + "-----\n");
  }

  private static KeyStore open(String key, Path path, String password) {
    if (!Files.isReadable(path)) {
      throw new ConfigException("configuration key '" + key + "': cannot read file '" + path + "'");
    }
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("configuration key '" + key + "': '" + path + "' is not a PKCS#12 store this "
          + "password opens (cluster.tls.password): " + e.getMessage());
    }
  }

  private static X509Certificate[] chain(KeyStore keystore, Path path) {
    try {
      for (String alias : Collections.list(keystore.aliases())) {
        if (keystore.isKeyEntry(alias)) {
          Certificate[] certs = keystore.getCertificateChain(alias);
          if (certs != null && certs.length > 0) {
            X509Certificate[] chain = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
              chain[i] = (X509Certificate) certs[i];
            }
            return chain;
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigException("configuration key 'cluster.tls.keystore': cannot read '" + path + "': "
          + e.getMessage());
    }
    throw new ConfigException("configuration key 'cluster.tls.keystore': '" + path + "' holds no private key with "
        + "a certificate (a node key store from nanoedge certs, not the trust store)");
  }

  /** The trusted certificate that signed {@code last} (or is {@code last}), or null. */
  private static X509Certificate signer(KeyStore truststore, X509Certificate last) {
    try {
      for (String alias : Collections.list(truststore.aliases())) {
        if (truststore.getCertificate(alias) instanceof X509Certificate trusted) {
          try {
            last.verify(trusted.getPublicKey());
            return trusted;
          } catch (GeneralSecurityException notThisOne) {
            // Try the next trusted certificate (a trust store may hold the old and the new CA while rotating).
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigException("configuration key 'cluster.tls.truststore': cannot read it: " + e.getMessage());
    }
    return null;
  }
}
