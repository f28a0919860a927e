package io.nanoedge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cluster.config=k8s}: Hazelcast's Kubernetes discovery in DNS lookup mode, driven by nanoedge's keys, with
 * the same tuned timings as the Swarm configuration. No Kubernetes here: the discovery itself is exercised against
 * a name this machine resolves ({@code localhost}), which is all DNS mode does with a headless Service's name.
 */
class KubernetesClusterConfigTest {

  private static NanoConfig k8s(String members, int port) {
    return NanoConfig.builder()
        .set("cluster.config", "k8s", "test")
        .set("cluster.members", members, "test")
        .set("cluster.port", String.valueOf(port), "test")
        .set("cluster.name", "k8s-test-" + UUID.randomUUID(), "test")
        .set("cluster.host", "127.0.0.1", "test")
        .build();
  }

  private static NanoConfig swarm() {
    return NanoConfig.builder()
        .set("cluster.config", "swarm", "test")
        .set("cluster.members", "127.0.0.1", "test")
        .set("cluster.host", "127.0.0.1", "test")
        .build();
  }

  @Test
  void discoveryIsKubernetesDnsModeOnTheHeadlessServiceAndClusterPort() {
    Config hz = ClusterConfigs.build(k8s("nanoedge-members", 5711));

    JoinConfig join = hz.getNetworkConfig().getJoin();
    KubernetesConfig kubernetes = join.getKubernetesConfig();
    assertThat(kubernetes.isEnabled()).isTrue();
    // DNS mode: service-dns set, nothing of the API mode (service-name, namespace, token) that needs RBAC.
    assertThat(kubernetes.getProperties()).containsEntry("service-dns", "nanoedge-members")
        .containsEntry("service-port", "5711").containsEntry("service-dns-timeout", "5")
        .doesNotContainKeys("service-name", "namespace", "api-token", "service-label-name");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(hz.getNetworkConfig().getPort()).isEqualTo(5711);
    assertThat(hz.getNetworkConfig().getPublicAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void timingsAndMapsAreTheSwarmOnes() {
    Config k8s = ClusterConfigs.build(k8s("nanoedge-members", 5701));
    Config swarm = ClusterConfigs.build(swarm());

    // The differences: swarm's own discovery (enabled by property) and its join wait (cluster.join-wait-ms); k8s
    // waits 1 s, since with 0 Hazelcast's discovery joiner never looks the name up at start (k8s.xml).
    Properties expected = new Properties();
    expected.putAll(swarm.getProperties());
    expected.remove("hazelcast.discovery.enabled");
    expected.setProperty("hazelcast.wait.seconds.before.join", "1");
    assertThat(k8s.getProperties()).isEqualTo(expected);
    assertThat(k8s.getProperties()).containsEntry("hazelcast.max.no.heartbeat.seconds", "8")
        .containsEntry("hazelcast.merge.first.run.delay.seconds", "10")
        .containsEntry("hazelcast.heartbeat.interval.seconds", "1");
    assertThat(k8s.getMapConfig("nanoedge.visits").getBackupCount()).isEqualTo(1);
    assertThat(k8s.getMultiMapConfig("__vertx.subs").getBackupCount()).isEqualTo(1);
  }

  @Test
  void anAddressOrAListInsteadOfTheServiceNameIsRefusedNamingTheKey() {
    // The default cluster.members (127.0.0.1) is what a forgotten NANOEDGE_CLUSTER_MEMBERS leaves.
    for (String members : new String[] {"127.0.0.1", "a.svc,b.svc", "nanoedge-members:5701"}) {
      assertThatThrownBy(() -> ClusterConfigs.build(k8s(members, 5701)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'cluster.members'")
          .hasMessageContaining("headless Service")
          .hasMessageContaining(members);
    }
  }

  @Test
  void anUnknownNameStillNamesK8sAmongTheChoices() {
    NanoConfig config = NanoConfig.builder().set("cluster.config", "kubernetes", "test").build();
    assertThatThrownBy(() -> ClusterConfigs.build(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("k8s");
  }

  @Test
  @Timeout(90)
  void twoMembersFindEachOtherThroughTheDnsName() {
    // GIVEN a name that resolves to this machine, as the headless Service's name resolves to every member pod
    int port = Ports.freeTcp();
    NanoConfig config = k8s("localhost", port);
    HazelcastInstance first = null;
    HazelcastInstance second = null;
    try {
      // WHEN two members start with the k8s configuration (the second one's port is taken, so it takes the next;
      // the first is at service-port, where the DNS answer points)
      first = Hazelcast.newHazelcastInstance(ClusterConfigs.build(config));
      second = Hazelcast.newHazelcastInstance(ClusterConfigs.build(config));
      HazelcastInstance a = first;
      HazelcastInstance b = second;
      // THEN the second joined the first while starting, through Hazelcast's Kubernetes discovery in DNS mode (not
      // by the merge check 10 s later, which is what wait.seconds.before.join=0 would leave)
      assertThat(b.getCluster().getMembers()).hasSize(2);
      assertThat(b.getCluster().getLocalMember().getAddress().getPort()).isNotEqualTo(port);
      Eventually.until("the first member sees the second", () -> a.getCluster().getMembers().size() == 2,
          Duration.ofSeconds(10));
      assertThat(a.getCluster().getMembers()).containsExactlyInAnyOrderElementsOf(b.getCluster().getMembers());
    } finally {
      if (second != null) {
        second.shutdown();
      }
      if (first != null) {
        first.shutdown();
      }
    }
  }
}
