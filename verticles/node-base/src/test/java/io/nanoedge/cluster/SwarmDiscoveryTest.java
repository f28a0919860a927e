package io.nanoedge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16, converging fast: a swarm node resolves the tasks.* names again while it joins, and with an expected
 * member count it waits for the stack instead of starting a cluster of its own.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SwarmDiscoveryTest {
  private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private HazelcastInstance a;
  private HazelcastInstance b;

  @AfterEach
  void stop() {
    for (HazelcastInstance h : new HazelcastInstance[] {a, b}) {
      if (h != null) {
        h.getLifecycleService().terminate();
      }
    }
  }

  private List<InetAddress> lookup(String name) {
    lookups.incrementAndGet();
    return dns.getOrDefault(name, List.of());
  }

  private static InetAddress ip(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void candidatesWaitForTheExpectedMembersThenAreEveryAddressOnce() {
    DnsDiscovery discovery = new DnsDiscovery(List.of("tasks.api", "tasks.controller"), 5701, 3,
        System.nanoTime() + TimeUnit.MINUTES.toNanos(1), this::lookup);
    dns.put("tasks.api", List.of(ip("10.20.0.5")));
    dns.put("tasks.controller", List.of(ip("10.20.0.6")));
    // WHEN two of the three expected members resolve THEN the joiner is told nobody is there yet
    assertThat(discovery.addresses()).hasSize(2);
    assertThat(discovery.candidates()).isEmpty();
    // WHEN the third does (a second controller task) THEN every address is a candidate, once, on the member port
    dns.put("tasks.controller", List.of(ip("10.20.0.6"), ip("10.20.0.7"), ip("10.20.0.6")));
    assertThat(discovery.candidates()).containsExactly(new Address(ip("10.20.0.5"), 5701),
        new Address(ip("10.20.0.6"), 5701), new Address(ip("10.20.0.7"), 5701));
  }

  @Test
  void afterTheJoinWaitWhateverResolvesIsACandidate() {
    DnsDiscovery late = new DnsDiscovery(List.of("tasks.api"), 5701, 5, System.nanoTime() - 1, this::lookup);
    dns.put("tasks.api", List.of(ip("10.20.0.5")));
    assertThat(late.candidates()).containsExactly(new Address(ip("10.20.0.5"), 5701));
    DnsDiscovery uncounted = new DnsDiscovery(List.of("tasks.api"), 5701, 0, System.nanoTime() + 60_000_000_000L,
        this::lookup);
    assertThat(uncounted.candidates()).hasSize(1);
  }

  @Test
  void aNodeStartedBeforeTheOthersResolveWaitsAndJoinsThemInsteadOfStartingAlone() throws Exception {
    // GIVEN a stack of two services (tasks.first, tasks.second), one member each, expected 2; only the first runs
    // (both on loopback, so each service has a port of its own: tasks.first:<p1>, tasks.second:<p2>)
    int[] ports = {Ports.freeTcp(), Ports.freeTcp()};
    String cluster = "swarm-test-" + UUID.randomUUID();
    dns.put("tasks.first", List.of(ip("127.0.0.1")));
    CompletableFuture<HazelcastInstance> first = CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(
        member(ports, 0, cluster)));
    // WHEN it has looked for the others a few times (its joiner keeps resolving the names) ...
    boolean polled = Eventually.within(Duration.ofSeconds(40), () -> lookups.get() >= 6 || first.isDone());
    assertThat(polled).as("lookups so far: %d", lookups.get()).isTrue();
    // THEN it has not started a cluster of its own
    assertThat(first).isNotDone();
    // WHEN the second service's task starts (its name now resolves) and its node starts
    dns.put("tasks.second", List.of(ip("127.0.0.1")));
    b = Hazelcast.newHazelcastInstance(member(ports, 1, cluster));
    a = first.get(60, TimeUnit.SECONDS);
    // THEN both are one cluster of two from the start (no merge needed)
    assertThat(a.getCluster().getMembers()).hasSize(2);
    assertThat(b.getCluster().getMembers()).hasSize(2);
  }

  private Config member(int[] ports, int which, String cluster) {
    String members = "tasks.first:" + ports[0] + ",tasks.second:" + ports[1];
    NanoConfig config = NanoConfig.builder().set("cluster.config", "swarm", "test")
        .set("cluster.members", members, "test").set("cluster.host", "127.0.0.1", "test")
        .set("cluster.port", String.valueOf(ports[which]), "test").set("cluster.name", cluster, "test")
        .set("cluster.expected-members", "2", "test").set("cluster.join-wait-ms", "30000", "test").build();
    Config hz = ClusterConfigs.build(config);
    // The same strategy, with this test's DNS instead of the system's.
    Collection<DiscoveryStrategyConfig> strategies = hz.getNetworkConfig().getJoin().getDiscoveryConfig()
        .getDiscoveryStrategyConfigs();
    assertThat(strategies).hasSize(1);
    strategies.clear();
    hz.getNetworkConfig().getJoin().getDiscoveryConfig().addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(
        new DnsDiscovery(List.of(members.split(",")), ports[which], 2, System.nanoTime() + 30_000_000_000L,
            this::lookup)));
    hz.getNetworkConfig().setPortAutoIncrement(false);
    return hz;
  }
}
