package io.nanoedge.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Member discovery for a Swarm stack: every {@code tasks.<service>} name is resolved again each time Hazelcast asks
 * (while joining, and at every split-brain check after), so a task that starts later is found, instead of the one
 * answer a static member list got at start. A {@code tasks.*} name resolves only once that service's tasks run, so
 * while fewer than {@code expected} members resolve the answer is "nobody yet": the joiner keeps asking (for
 * {@code cluster.join-wait-ms}) rather than starting a cluster of its own that must be merged later, which is what
 * made a freshly deployed stack several clusters for 44-87 s (issue 16).
 */
final class DnsDiscovery implements DiscoveryStrategyFactory {
  private final List<String> names;
  private final int port;
  private final int expected;
  private final long waitUntilNanos;
  private final Function<String, List<InetAddress>> resolver;

  /**
   * {@code expected} members (0: no count) are waited for until {@code waitUntilNanos} ({@link System#nanoTime}); after
   * that every address found is a candidate, so a wrong count only slows the start, never keeps the cluster apart.
   */
  DnsDiscovery(List<String> names, int port, int expected, long waitUntilNanos,
      Function<String, List<InetAddress>> resolver) {
    this.names = List.copyOf(names);
    this.port = port;
    this.expected = expected;
    this.waitUntilNanos = waitUntilNanos;
    this.resolver = resolver;
  }

  /** The system's resolver; a name that does not resolve yet has no address. */
  static List<InetAddress> resolve(String name) {
    try {
      return List.of(InetAddress.getAllByName(name));
    } catch (UnknownHostException e) {
      return List.of();
    }
  }

  /** Every address the names resolve to now, once each, on the name's port ({@code name:port}) or the member port. */
  List<Address> addresses() {
    Set<Address> out = new LinkedHashSet<>();
    for (String name : names) {
      int colon = name.lastIndexOf(':');
      String host = colon < 0 ? name : name.substring(0, colon);
      int on = colon < 0 ? port : Integer.parseInt(name.substring(colon + 1));
      for (InetAddress a : resolver.apply(host)) {
        out.add(new Address(a, on));
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * What the joiner is told: nothing while fewer than {@code expected} members (this one included) resolve, so it
   * waits for the stack; everything once they do, or when no count is expected.
   */
  List<Address> candidates() {
    List<Address> all = addresses();
    return all.size() < expected && System.nanoTime() - waitUntilNanos < 0 ? List.of() : all;
  }

  @Override
  public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
    return Strategy.class;
  }

  @Override
  public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode node, ILogger logger,
      Map<String, Comparable> properties) {
    return new Strategy(logger, properties);
  }

  @Override
  public Collection<PropertyDefinition> getConfigurationProperties() {
    return List.of();
  }

  /** The strategy Hazelcast calls. */
  final class Strategy extends AbstractDiscoveryStrategy {
    Strategy(ILogger logger, Map<String, Comparable> properties) {
      super(logger, properties);
    }

    @Override
    public Iterable<DiscoveryNode> discoverNodes() {
      List<DiscoveryNode> nodes = new ArrayList<>();
      for (Address a : candidates()) {
        nodes.add(new SimpleDiscoveryNode(a));
      }
      return nodes;
    }
  }
}
