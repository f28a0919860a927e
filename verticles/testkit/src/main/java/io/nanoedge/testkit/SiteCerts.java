package io.nanoedge.testkit;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.Modules;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.SiteCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's cluster certificates for clustered tests, made once per test JVM ({@code nanoedge certs} in a temporary
 * directory), since a clustered node does not start without them. {@link #other(String)} makes the certificates of
 * another site: the stranger in the security tests.
 */
public final class SiteCerts {
  private static final String NODE = "member";
  private static SiteCerts site;

  private final Path dir;

  private SiteCerts(Path dir) {
    this.dir = dir;
  }

  /** The test run's site (made on first use). */
  public static synchronized SiteCerts site() {
    if (site == null) {
      site = make("test-site");
    }
    return site;
  }

  /** Another site, with a CA of its own: its nodes' certificates are not trusted by {@link #site()}'s. */
  public static SiteCerts other(String name) {
    return make(name);
  }

  private static SiteCerts make(String name) {
    try {
      Path dir = Files.createTempDirectory("nanoedge-certs-" + name + "-");
      SiteCertificates.make(dir, name, List.of(NODE));
      return new SiteCerts(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path keystore() {
    return SiteCertificates.nodeStore(dir, NODE);
  }

  public Path truststore() {
    return dir.resolve(SiteCertificates.TRUST_STORE);
  }

  public Path passwordFile() {
    return dir.resolve(SiteCertificates.PASSWORD);
  }

  /** The environment that points a node from the jar at these certificates. */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NANOEDGE_CLUSTER_TLS_KEYSTORE", keystore().toString());
    env.put("NANOEDGE_CLUSTER_TLS_TRUSTSTORE", truststore().toString());
    env.put("NANOEDGE_CLUSTER_TLS_PASSWORD_FILE", passwordFile().toString());
    return env;
  }

  /** The same as {@code -Dnanoedge.*} options of a JVM. */
  public List<String> systemProperties() {
    return List.of("-Dnanoedge.cluster.tls.keystore=" + keystore(), "-Dnanoedge.cluster.tls.truststore="
        + truststore(), "-Dnanoedge.cluster.tls.password-file=" + passwordFile());
  }

  /** {@code config} with these certificates (the cluster keys come from node-base, on the class path). */
  public NanoConfig apply(NanoConfig config) {
    return config.with(key("cluster.tls.keystore"), keystore().toString())
        .with(key("cluster.tls.truststore"), truststore().toString())
        .with(key("cluster.tls.password-file"), passwordFile().toString());
  }

  private static ConfigKey key(String name) {
    return Modules.key(name).orElseThrow(() -> new ConfigException("key " + name + " is not on the class path"));
  }
}
