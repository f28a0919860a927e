package io.nanoedge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * Issue 16, converging fast: a swarm node looks at the stack's subnet and tasks.* names again while it joins, offers
 * only addresses where a member port answers, and with an expected member count it waits for the stack instead of
 * starting a cluster of its own.
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

  /** A prober for the tests that need no network: every address answers. */
  private static List<Address> everyone(List<Address> addresses, int timeoutMs, int enough) {
    return addresses;
  }

  private static InetAddress ip(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void theFirstLookWaitsForTheExpectedMembersThenOffersEveryAddressOnce() throws Exception {
    SwarmDiscovery discovery = new SwarmDiscovery(List.of("tasks.api", "tasks.controller"), 5701, 3,
        System.nanoTime() + TimeUnit.MINUTES.toNanos(1), this::lookup, SwarmDiscoveryTest::everyone);
    dns.put("tasks.api", List.of(ip("10.20.0.5")));
    dns.put("tasks.controller", List.of(ip("10.20.0.6")));
    // WHEN two of the three expected members answer THEN the first look keeps looking
    CompletableFuture<List<Address>> first = CompletableFuture.supplyAsync(discovery::awaitExpected);
    assertThat(Eventually.within(Duration.ofSeconds(10), () -> lookups.get() >= 6)).isTrue();
    assertThat(first).isNotDone();
    assertThat(discovery.candidates()).hasSize(2);
    // WHEN the third does (a second controller task) THEN every address is offered, once, on the member port
    dns.put("tasks.controller", List.of(ip("10.20.0.6"), ip("10.20.0.7"), ip("10.20.0.6")));
    assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(new Address(ip("10.20.0.5"), 5701),
        new Address(ip("10.20.0.6"), 5701), new Address(ip("10.20.0.7"), 5701));
  }

  @Test
  void afterTheJoinWaitOrWithoutACountWhoeverAnswersIsOfferedAtOnce() {
    SwarmDiscovery late = new SwarmDiscovery(List.of("tasks.api"), 5701, 5, System.nanoTime() - 1, this::lookup,
        SwarmDiscoveryTest::everyone);
    dns.put("tasks.api", List.of(ip("10.20.0.5")));
    assertThat(late.awaitExpected()).containsExactly(new Address(ip("10.20.0.5"), 5701));
    SwarmDiscovery uncounted = new SwarmDiscovery(List.of("tasks.api"), 5701, 0,
        System.nanoTime() + 60_000_000_000L, this::lookup, SwarmDiscoveryTest::everyone);
    assertThat(uncounted.awaitExpected()).hasSize(1);
  }

  @Test
  void aSubnetStandsForItsHostAddressesAndBadEntriesAreNamed() {
    SwarmDiscovery subnet = new SwarmDiscovery(List.of("10.20.0.0/29", "tasks.api:5801"), 5701, 0, 0, this::lookup,
        SwarmDiscoveryTest::everyone);
    dns.put("tasks.api", List.of(ip("10.20.0.3")));
    // THEN the network and broadcast addresses are left out, and a name keeps its own port
    assertThat(subnet.addresses()).containsExactly(new Address(ip("10.20.0.1"), 5701),
        new Address(ip("10.20.0.2"), 5701), new Address(ip("10.20.0.3"), 5701), new Address(ip("10.20.0.4"), 5701),
        new Address(ip("10.20.0.5"), 5701), new Address(ip("10.20.0.6"), 5701), new Address(ip("10.20.0.3"), 5801));
    assertThat(SwarmDiscovery.subnet("10.20.0.0/24")).hasSize(254).first().isEqualTo(ip("10.20.0.1"));
    for (String bad : List.of("10.20.0.0/33", "10.20.0/24", "tasks.api:http", "10.20.0.0/x")) {
      assertThatThrownBy(() -> new SwarmDiscovery(List.of(bad), 5701, 0, 0, this::lookup,
          SwarmDiscoveryTest::everyone)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("cluster.members").hasMessageContaining(bad);
    }
    // A subnet larger than a /22 is refused before anything is tried: every address is probed at each look.
    assertThatThrownBy(() -> SwarmDiscovery.subnet("10.0.0.0/16")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("65534 addresses");
  }

  @Test
  void onlyAddressesWhereAMemberPortAnswersAreCandidates() throws Exception {
    try (ServerSocket listening = new ServerSocket(0, 1, ip("127.0.0.1"))) {
      int closed = Ports.freeTcp();
      List<Address> live = SwarmDiscovery.probe(List.of(new Address(ip("127.0.0.1"), closed),
          new Address(ip("127.0.0.1"), listening.getLocalPort())), 500, Integer.MAX_VALUE);
      assertThat(live).containsExactly(new Address(ip("127.0.0.1"), listening.getLocalPort()));
    }
  }

  @Test
  void aLookOfTheFirstJoinEndsOnceTheExpectedMembersAnswered() throws Exception {
    try (ServerSocket one = new ServerSocket(0, 4, ip("127.0.0.1"));
        ServerSocket two = new ServerSocket(0, 4, ip("127.0.0.1"))) {
      List<Address> both = List.of(new Address(ip("127.0.0.1"), one.getLocalPort()),
          new Address(ip("127.0.0.1"), two.getLocalPort()));
      // THEN with one expected the look stops at the first answer; without a count it waits for every address
      assertThat(SwarmDiscovery.probe(both, 2000, 1)).hasSize(1).isSubsetOf(both);
      assertThat(SwarmDiscovery.probe(both, 2000, Integer.MAX_VALUE)).containsExactlyInAnyOrderElementsOf(both);
    }
  }

  @Test
  void aNodeStartedBeforeTheOthersWaitsAndJoinsThemInsteadOfStartingAlone() throws Exception {
    // GIVEN a stack of two services (tasks.first, tasks.second), one member each, expected 2, and only the first node
    // started; both names resolve from the start (on loopback each has a port of its own), but only a started node's
    // member port answers the probe
    int[] ports = {Ports.freeTcp(), Ports.freeTcp()};
    String cluster = "swarm-test-" + UUID.randomUUID();
    dns.put("tasks.first", List.of(ip("127.0.0.1")));
    dns.put("tasks.second", List.of(ip("127.0.0.1")));
    CompletableFuture<HazelcastInstance> first = CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(
        member(ports, 0, cluster)));
    // WHEN it has looked for the others a few times (its joiner keeps probing) ...
    boolean polled = Eventually.within(Duration.ofSeconds(40), () -> lookups.get() >= 4 || first.isDone());
    assertThat(polled).as("looks so far: %d", lookups.get()).isTrue();
    // THEN it has not started a cluster of its own
    assertThat(first).isNotDone();
    // WHEN the second node starts
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
    // The same strategy with this test's DNS and the real prober, counting its looks.
    Collection<DiscoveryStrategyConfig> strategies = hz.getNetworkConfig().getJoin().getDiscoveryConfig()
        .getDiscoveryStrategyConfigs();
    assertThat(strategies).hasSize(1);
    strategies.clear();
    hz.getNetworkConfig().getJoin().getDiscoveryConfig().addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(
        new SwarmDiscovery(List.of(members.split(",")), ports[which], 2, System.nanoTime() + 30_000_000_000L,
            this::lookup, (addresses, timeoutMs, enough) -> {
              lookups.incrementAndGet();
              return SwarmDiscovery.probe(addresses, timeoutMs, enough);
            })));
    hz.getNetworkConfig().setPortAutoIncrement(false);
    return hz;
  }
}
