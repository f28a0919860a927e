package io.nanoedge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.SiteCertificates;
import io.nanoedge.ops.NodeBaseKeys;
import io.nanoedge.testkit.SiteCerts;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster is closed by default: the static member list unless configured otherwise, lan only on trusted
 * interfaces, and the clustered bus only over mutual TLS 1.3 with the site's certificates, checked at start.
 */
class ClusterTlsTest {
  private static final SiteCerts SITE = SiteCerts.site();

  @TempDir
  Path tmp;

  private static NanoConfig clustered() {
    return NanoConfig.defaults().with(NodeBaseKeys.CLUSTER_ENABLED, "true");
  }

  @Test
  void theDefaultClusterConfigurationIsTheStaticMemberListWithoutMulticast() {
    // WHEN a node is configured with nothing but its certificates
    Config hz = ClusterConfigs.build(SITE.apply(clustered()));
    // THEN it joins only the listed members, never by multicast
    assertThat(NanoConfig.defaults().string(NodeBaseKeys.CLUSTER_CONFIG)).isEqualTo("static");
    assertThat(hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
  }

  @Test
  void lanRefusesToRunWithoutTrustedInterfacesAndIsBoundToThemOtherwise() {
    NanoConfig lan = SITE.apply(clustered()).with(NodeBaseKeys.CLUSTER_CONFIG, "lan");
    assertThatThrownBy(() -> ClusterConfigs.build(lan)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'cluster.interfaces'").hasMessageContaining("lan");
    Config hz = ClusterConfigs.build(lan.with(NodeBaseKeys.CLUSTER_INTERFACES, "10.20.0.*"));
    assertThat(hz.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(hz.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.20.0.*");
    assertThat(hz.getNetworkConfig().getJoin().getMulticastConfig().getTrustedInterfaces())
        .containsExactly("10.20.0.*");
    assertThat(hz.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
  }

  @Test
  void aClusteredNodeWithoutCertificatesIsRefusedWithTheKeysToSet() {
    assertThatThrownBy(() -> ClusterTls.load(clustered())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.tls.keystore").hasMessageContaining("nanoedge certs");
  }

  @Test
  void theBusRunsMutualTls13WithTheSiteStores() {
    ClusterTls.Material material = ClusterTls.load(SITE.apply(clustered()));
    EventBusOptions bus = ClusterTls.apply(material, new EventBusOptions());
    assertThat(bus.isSsl()).isTrue();
    assertThat(bus.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(bus.getEnabledSecureTransportProtocols()).containsExactly("TLSv1.3");
    assertThat(material.siteCa().getSubjectX500Principal().getName()).contains("nanoedge site test-site CA");
  }

  @Test
  void theClusterNameCarriesTheSiteCaFingerprint() {
    SiteCerts other = SiteCerts.other("other-site");
    String ours = ClusterTls.clusterName(SITE.apply(clustered()));
    String theirs = ClusterTls.clusterName(other.apply(clustered()));
    assertThat(ours).startsWith("nanoedge-").hasSize("nanoedge-".length() + 16);
    assertThat(theirs).startsWith("nanoedge-").isNotEqualTo(ours);
    assertThat(ClusterConfigs.build(SITE.apply(clustered())).getClusterName()).isEqualTo(ours);
  }

  @Test
  void aCertificateOfAnotherSiteIsRefusedNamingTheKey() throws Exception {
    // GIVEN another site's node key store under the same password (so only the CA differs)
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.copy(SITE.passwordFile(), other.resolve(SiteCertificates.PASSWORD));
    SiteCertificates.make(other, "other", List.of("intruder"));
    NanoConfig foreign = SITE.apply(clustered())
        .with(NodeBaseKeys.CLUSTER_TLS_KEYSTORE, other.resolve("intruder.p12").toString());
    // THEN our trust store does not vouch for it, and the node says so at start
    assertThatThrownBy(() -> ClusterTls.load(foreign)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.tls.keystore")
        .hasMessageContaining("not signed by a CA in cluster.tls.truststore");
  }

  @Test
  void aWrongPasswordOrAMissingFileIsRefusedNamingTheKey() throws Exception {
    Path wrong = Files.writeString(tmp.resolve("wrong"), "not-the-password");
    assertThatThrownBy(() -> ClusterTls.load(SITE.apply(clustered()).with(NodeBaseKeys.CLUSTER_TLS_PASSWORD_FILE,
        wrong.toString()))).isInstanceOf(ConfigException.class).hasMessageContaining("cluster.tls.keystore")
        .hasMessageContaining("password");
    assertThatThrownBy(() -> ClusterTls.load(SITE.apply(clustered()).with(NodeBaseKeys.CLUSTER_TLS_TRUSTSTORE,
        tmp.resolve("missing.p12").toString()))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.tls.truststore").hasMessageContaining("missing.p12");
    // the trust store is not a node key store
    assertThatThrownBy(() -> ClusterTls.load(SITE.apply(clustered()).with(NodeBaseKeys.CLUSTER_TLS_KEYSTORE,
        SITE.truststore().toString()))).isInstanceOf(ConfigException.class).hasMessageContaining("no private key");
  }

  @Test
  void certsRefusesBadNamesBeforeWritingAndAddsNodesToAnExistingSite() throws Exception {
    assertThatThrownBy(() -> SiteCertificates.make(tmp.resolve("bad"), "site", List.of("Bad Name")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'Bad Name'");
    assertThat(tmp.resolve("bad")).doesNotExist();
    SiteCertificates.Result first = SiteCertificates.make(tmp.resolve("site"), "site", List.of("api"));
    byte[] ca = Files.readAllBytes(tmp.resolve("site/site-ca.pem"));
    SiteCertificates.Result second = SiteCertificates.make(tmp.resolve("site"), "site", List.of("api", "room"));
    assertThat(first.caCreated()).isTrue();
    assertThat(second.caCreated()).isFalse();
    assertThat(second.kept()).containsExactly("api");
    assertThat(second.created()).containsExactly("room");
    assertThat(Files.readAllBytes(tmp.resolve("site/site-ca.pem"))).isEqualTo(ca);
    NanoConfig room = clustered().with(NodeBaseKeys.CLUSTER_TLS_KEYSTORE, tmp.resolve("site/room.p12").toString())
        .with(NodeBaseKeys.CLUSTER_TLS_TRUSTSTORE, tmp.resolve("site/truststore.p12").toString())
        .with(NodeBaseKeys.CLUSTER_TLS_PASSWORD_FILE, tmp.resolve("site/password").toString());
    assertThat(ClusterTls.load(room).siteCa().getSubjectX500Principal().getName()).contains("nanoedge site site CA");
  }
}
