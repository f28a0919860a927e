package io.nanoedge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.testkit.Ports;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node loads the built-in configurations without Hazelcast's schema check (it costs ~0.5 s of CPU per start), so
 * the check happens here, at build time, for each of them; a file of the site's own is still checked at start. The
 * member port speaks the member protocol only (no client engine, no spinning wait for a peer's protocol bytes).
 */
class ClusterConfigsTest {
  private static final String SCHEMA_VALIDATION = "hazelcast.config.schema.validation.enabled";

  @TempDir
  Path tmp;

  @Test
  void everyBuiltInConfigurationPassesHazelcastsSchemaCheck() throws Exception {
    assertThat(System.getProperty(SCHEMA_VALIDATION)).as("the check is on in this JVM").isNull();
    for (String name : ClusterConfigs.BUILT_IN) {
      try (InputStream in = ClusterConfigs.class.getResourceAsStream("/nanoedge/cluster/" + name + ".xml")) {
        assertThat(in).as(name).isNotNull();
        // throws InvalidConfigurationException naming the element on any schema violation
        Config checked = new XmlConfigBuilder(in).build();
        assertThat(checked.getProperty("hazelcast.phone.home.enabled")).as(name).isEqualTo("false");
      }
    }
  }

  @Test
  void aBrokenFileIsRefusedByTheSchemaAndTheSwitchIsLeftAsItWas() throws Exception {
    // GIVEN a site's own file with an element Hazelcast's schema does not know
    Path file = Files.writeString(tmp.resolve("hz.xml"), """
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <network><port auto-increment="true">5701</port><no-such-element/></network>
        </hazelcast>
        """);
    // Proof that the schema is what refuses it: the same file passes Hazelcast's parser without the check.
    assertThat(parsedWithoutSchema(file).getNetworkConfig().getPort()).isEqualTo(5701);
    // WHEN a node is configured with it, after it built a built-in configuration (unchecked)
    ClusterConfigs.build(NanoConfig.builder().set("cluster.config", "static", "test").build());
    NanoConfig own = NanoConfig.builder().set("cluster.config", file.toString(), "test").build();
    // THEN the schema check still runs for the site's file, naming the key, and the switch is back as it was
    assertThatThrownBy(() -> ClusterConfigs.build(own)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'cluster.config'").hasMessageContaining("not a valid Hazelcast XML file");
    assertThat(System.getProperty(SCHEMA_VALIDATION)).isNull();
  }

  private static Config parsedWithoutSchema(Path file) throws Exception {
    System.setProperty(SCHEMA_VALIDATION, "false");
    try (InputStream in = Files.newInputStream(file)) {
      return new XmlConfigBuilder(in).build();
    } catch (InvalidConfigurationException e) {
      throw new AssertionError("Hazelcast's parser refused the file even without the schema", e);
    } finally {
      System.clearProperty(SCHEMA_VALIDATION);
    }
  }

  @Test
  void theMemberPortSpeaksTheMemberProtocolOnlyAndRefusesAHazelcastClient() {
    // GIVEN a node's Hazelcast configuration as the node builds it (static members, on loopback)
    int port = Ports.freeTcp();
    NanoConfig config = NanoConfig.builder().set("cluster.config", "static", "test")
        .set("cluster.host", "127.0.0.1", "test").set("cluster.port", String.valueOf(port), "test")
        .set("cluster.members", "127.0.0.1:" + port, "test")
        .set("cluster.name", "members-only-" + UUID.randomUUID(), "test").build();
    Config hz = ClusterConfigs.build(config);
    // THEN port, address and join are on a member endpoint, and no other endpoint exists
    AdvancedNetworkConfig advanced = hz.getAdvancedNetworkConfig();
    assertThat(advanced.isEnabled()).isTrue();
    assertThat(advanced.getEndpointConfigs()).containsOnlyKeys(EndpointQualifier.MEMBER);
    ServerSocketEndpointConfig member = (ServerSocketEndpointConfig) advanced.getEndpointConfigs()
        .get(EndpointQualifier.MEMBER);
    assertThat(member.getPort()).isEqualTo(port);
    assertThat(member.getPublicAddress()).isEqualTo("127.0.0.1");
    assertThat(advanced.getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:" + port);
    // Control: the same settings on Hazelcast's default (unified) port let a client with the cluster's name in
    assertThat(clientConnects(withUnifiedPort(ClusterConfigs.build(config)), port)).isTrue();
    // WHEN the node's own configuration runs THEN the same client is refused
    assertThat(clientConnects(hz, port)).isFalse();
  }

  @Test
  void theSwarmConfigurationKeepsItsPingDetectorOnTheMemberEndpoint() {
    Config hz = ClusterConfigs.build(NanoConfig.builder().set("cluster.config", "swarm", "test")
        .set("cluster.members", "10.20.0.0/24", "test").build());
    assertThat(hz.getAdvancedNetworkConfig().getIcmpFailureDetectorConfig().isEnabled()).isTrue();
    assertThat(hz.getAdvancedNetworkConfig().getIcmpFailureDetectorConfig().getTimeoutMilliseconds()).isEqualTo(300);
    assertThat(hz.getAdvancedNetworkConfig().getJoin().getDiscoveryConfig().getDiscoveryStrategyConfigs()).hasSize(1);
  }

  @Test
  void aSiteFileWithRestOnTheMemberPortIsRefusedNamingTheKey() throws Exception {
    Path file = Files.writeString(tmp.resolve("rest.xml"), """
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <network><rest-api enabled="true"><endpoint-group name="HEALTH_CHECK" enabled="true"/></rest-api></network>
        </hazelcast>
        """);
    NanoConfig own = NanoConfig.builder().set("cluster.config", file.toString(), "test").build();
    assertThatThrownBy(() -> ClusterConfigs.build(own)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'cluster.config'").hasMessageContaining("REST or memcache");
  }

  private static Config withUnifiedPort(Config hz) {
    hz.getAdvancedNetworkConfig().setEnabled(false);
    return hz;
  }

  /** Whether a Hazelcast client with the member's cluster name gets a connection to a member run from hz. */
  private static boolean clientConnects(Config hz, int port) {
    HazelcastInstance instance = Hazelcast.newHazelcastInstance(hz);
    try {
      ClientConfig client = new ClientConfig().setClusterName(hz.getClusterName());
      client.getNetworkConfig().addAddress("127.0.0.1:" + port);
      client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);
      try {
        HazelcastClient.newHazelcastClient(client).shutdown();
        return true;
      } catch (IllegalStateException refused) {
        return false;
      }
    } finally {
      instance.getLifecycleService().terminate();
    }
  }
}
