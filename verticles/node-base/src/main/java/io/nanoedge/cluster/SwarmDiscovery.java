package io.nanoedge.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;
import io.nanoedge.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Member discovery for a Swarm stack. Swarm's DNS lists a task ({@code tasks.<service>}) only once its health check
 * passes, and a nanoedge task is healthy only inside the whole building's cluster: names alone can never bring a
 * stack together (measured: every task stayed a cluster of one). So the members may also be the stack's overlay
 * subnet ({@code 10.20.0.0/24}); each time Hazelcast asks (while joining, and at every split-brain check) every
 * name is resolved again, every subnet address is tried, and only the addresses where a member port accepts a TCP
 * connection are candidates. Hazelcast's own tcp-ip join takes address ranges too, but it also asks every silent
 * address to vote on the first member's mastership: with a /24 of mostly empty addresses the first node needed 52 s
 * to start (measured); probing first leaves only live members to ask.
 *
 * <p>At the first look (the initial join) it waits, for up to {@code cluster.join-wait-ms}, until {@code expected}
 * members answer, so nodes started together become one cluster instead of several to merge.
 */
final class SwarmDiscovery implements DiscoveryStrategyFactory {
  /** A /22 at most: a building's stack has tens of tasks, and every address is tried at each look. */
  static final int MAX_RANGE = 1022;
  /** How long a look waits for the member ports to answer (an overlay's round trip is milliseconds). */
  static final int PROBE_MS = 500;
  /** The pause between two looks of the first join while fewer than the expected members answer. */
  static final int LOOK_AGAIN_MS = 100;

  /**
   * Which of the given addresses accept a TCP connection within the time; it may stop looking once {@code enough}
   * have (the empty addresses of a subnet never answer, so a full look always takes the whole time).
   */
  interface Prober {
    List<Address> listening(List<Address> addresses, int timeoutMs, int enough);
  }

  private final List<String> members;
  private final int port;
  private final int expected;
  private final long waitUntilNanos;
  private final Function<String, List<InetAddress>> resolver;
  private final Prober prober;

  /**
   * @param members DNS names ({@code name} or {@code name:port}) and IPv4 subnets ({@code a.b.c.d/nn}, on the member
   *     port)
   * @param expected members to wait for (0: no count) until {@code waitUntilNanos} ({@link System#nanoTime}); after
   *     that every live address is a candidate, so a wrong count only slows the start, never keeps the cluster apart
   */
  SwarmDiscovery(List<String> members, int port, int expected, long waitUntilNanos,
      Function<String, List<InetAddress>> resolver, Prober prober) {
    for (String member : members) {
      validate(member);
    }
    this.members = List.copyOf(members);
    this.port = port;
    this.expected = expected;
    this.waitUntilNanos = waitUntilNanos;
    this.resolver = resolver;
    this.prober = prober;
  }

  /** A member entry this discovery understands, or a ConfigException naming the key and the entry. */
  static void validate(String member) {
    if (member.contains("/")) {
      subnet(member);
    } else if (member.contains(":") && !member.substring(member.lastIndexOf(':') + 1).matches("\\d{1,5}")) {
      throw new ConfigException("configuration key 'cluster.members': '" + member
          + "' must be a name, name:port or an IPv4 subnet a.b.c.d/nn");
    }
  }

  /** The system's resolver; a name that does not resolve yet has no address. */
  static List<InetAddress> resolve(String name) {
    try {
      return List.of(InetAddress.getAllByName(name));
    } catch (UnknownHostException e) {
      return List.of();
    }
  }

  /** Every address the entries stand for now, once each. */
  List<Address> addresses() {
    Set<Address> out = new LinkedHashSet<>();
    for (String member : members) {
      if (member.contains("/")) {
        for (InetAddress a : subnet(member)) {
          out.add(new Address(a, port));
        }
        continue;
      }
      int colon = member.lastIndexOf(':');
      String host = colon < 0 ? member : member.substring(0, colon);
      int on = colon < 0 ? port : Integer.parseInt(member.substring(colon + 1));
      for (InetAddress a : resolver.apply(host)) {
        out.add(new Address(a, on));
      }
    }
    return new ArrayList<>(out);
  }

  /** The addresses whose member port answers now. */
  List<Address> candidates() {
    return prober.listening(addresses(), PROBE_MS, Integer.MAX_VALUE);
  }

  /**
   * The first answer, for the initial join: looks again until {@code expected} members (this one included) answer
   * or the join wait is over, then answers with whoever is there. A look ends as soon as the expected members have
   * answered, and the next starts {@code LOOK_AGAIN_MS} after one that found too few, so the last task of a stack is
   * found at most a look and a pause (0.6 s) after its port opens, at once if a look is starting (whole looks with a
   * {@code PROBE_MS} pause between them: up to 1 s). Waiting here, on Hazelcast's joiner thread, rather than through
   * {@code hazelcast.wait.seconds.before.join}: that property also makes the master hold every join request for as
   * long (measured: a stack needed 59 s to become one cluster with it at 20), so it stays at 1 s.
   */
  List<Address> awaitExpected() {
    List<Address> live = look();
    while (live.size() < expected && System.nanoTime() - waitUntilNanos < 0) {
      try {
        Thread.sleep(LOOK_AGAIN_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return live;
      }
      live = look();
    }
    // With exactly the expected members in the stack (its count, as deploy.sh sets it), these are all of them; a
    // member beyond the count that was not found this time joins the cluster through the others' merge checks.
    return live;
  }

  /** One look of the first join: it ends once {@code expected} members answer, or after {@code PROBE_MS}. */
  private List<Address> look() {
    return prober.listening(addresses(), PROBE_MS, expected > 0 ? expected : Integer.MAX_VALUE);
  }

  /** The host addresses of an IPv4 subnet (network and broadcast addresses left out). */
  static List<InetAddress> subnet(String cidr) {
    String[] parts = cidr.split("/", -1);
    byte[] base;
    int bits;
    try {
      bits = Integer.parseInt(parts[1]);
      if (!parts[0].matches("\\d{1,3}(\\.\\d{1,3}){3}") || bits < 0 || bits > 30) {
        throw new NumberFormatException();
      }
      base = InetAddress.getByName(parts[0]).getAddress();
    } catch (NumberFormatException | UnknownHostException | ArrayIndexOutOfBoundsException e) {
      throw new ConfigException("configuration key 'cluster.members': '" + cidr
          + "' is not an IPv4 subnet a.b.c.d/nn (nn 22 to 30)");
    }
    int hosts = (1 << (32 - bits)) - 2;
    if (hosts > MAX_RANGE) {
      throw new ConfigException("configuration key 'cluster.members': subnet '" + cidr + "' has " + hosts
          + " addresses, more than the " + MAX_RANGE + " (a /22) tried at each look");
    }
    int network = ((base[0] & 0xff) << 24 | (base[1] & 0xff) << 16 | (base[2] & 0xff) << 8 | base[3] & 0xff)
        & (-1 << (32 - bits));
    List<InetAddress> out = new ArrayList<>(hosts);
    for (int i = 1; i <= hosts; i++) {
      int a = network + i;
      try {
        out.add(InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8),
            (byte) a}));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /**
   * Connects to every address at once (non-blocking, one selector) and keeps those that accept within the time, or
   * until {@code enough} have; each probe connection is closed at once (the unanswered ones too). Runs on Hazelcast's
   * joiner thread, never on an event loop.
   */
  static List<Address> probe(List<Address> addresses, int timeoutMs, int enough) {
    List<Address> live = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (Address address : addresses) {
        if (live.size() >= enough) {
          break;
        }
        SocketChannel channel = SocketChannel.open();
        try {
          channel.configureBlocking(false);
          if (channel.connect(new InetSocketAddress(address.getInetAddress(), address.getPort()))) {
            live.add(address);
            channel.close();
          } else {
            channel.register(selector, SelectionKey.OP_CONNECT, address);
          }
        } catch (IOException e) {
          channel.close();
        }
      }
      long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      while (!selector.keys().isEmpty() && live.size() < enough) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 || selector.select(left) < 0) {
          break;
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (live.size() >= enough) {
            break;
          }
          try (SocketChannel channel = (SocketChannel) key.channel()) {
            if (channel.finishConnect()) {
              live.add((Address) key.attachment());
            }
          } catch (IOException refused) {
            // Nobody listens there (or the host is gone): not a member.
          }
        }
        selector.selectedKeys().clear();
      }
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot probe the cluster members: " + e.getMessage(), e);
    }
    return live;
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

    private boolean first = true;

    @Override
    public Iterable<DiscoveryNode> discoverNodes() {
      List<Address> found = first ? awaitExpected() : candidates();
      first = false;
      List<DiscoveryNode> nodes = new ArrayList<>();
      for (Address a : found) {
        nodes.add(new SimpleDiscoveryNode(a));
      }
      return nodes;
    }
  }
}
