package io.nanoedge.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.ops.NodeBaseKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the Hazelcast configuration of a node: the tuned XML from cluster-config ({@code static}, {@code swarm},
 * {@code k8s}, {@code lan}) or a file, then cluster name (with the site CA's fingerprint), bind address, port and
 * members from nanoedge's configuration keys, so a deployment changes keys, not XML.
 */
public final class ClusterConfigs {
  /** The configurations in cluster-config (resources /nanoedge/cluster/NAME.xml). */
  static final List<String> BUILT_IN = List.of("static", "swarm", "k8s", "lan");
  private static final String SCHEMA_VALIDATION = "hazelcast.config.schema.validation.enabled";

  private ClusterConfigs() {
  }

  public static Config build(NanoConfig config) {
    return build(config, ClusterTls.configured(config) ? ClusterTls.load(config) : null);
  }

  /** The same, with the node's certificates already loaded (null: none configured, the plain cluster name). */
  public static Config build(NanoConfig config, ClusterTls.Material tls) {
    String which = config.string(NodeBaseKeys.CLUSTER_CONFIG);
    Config hz = load(which);
    hz.setClusterName(ClusterTls.clusterName(config, tls));
    NetworkConfig network = hz.getNetworkConfig();
    if ("lan".equals(which)) {
      restrictToTrustedInterfaces(hz, config.list(NodeBaseKeys.CLUSTER_INTERFACES));
    }
    network.setPort(config.integer(NodeBaseKeys.CLUSTER_PORT)).setPortAutoIncrement(true);
    String host = config.string(NodeBaseKeys.CLUSTER_HOST);
    if (!host.isEmpty()) {
      hz.setProperty("hazelcast.socket.bind.any", "false");
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
      if (!isPattern(host)) {
        network.setPublicAddress(host);
      }
    }
    TcpIpConfig tcp = network.getJoin().getTcpIpConfig();
    if ("swarm".equals(which)) {
      discoverSwarm(hz, config);
    } else if (tcp.isEnabled()) {
      List<String> members = config.list(NodeBaseKeys.CLUSTER_MEMBERS);
      if (members.isEmpty()) {
        throw new ConfigException(
            "configuration key 'cluster.members' must list at least one member for cluster.config "
            + which);
      }
      tcp.setMembers(members);
    }
    if ("k8s".equals(which)) {
      // DNS lookup mode: the headless Service's name resolves to every member pod, each on cluster.port. (An XML
      // file of one's own keeps its own Kubernetes settings, API mode included.)
      KubernetesConfig kubernetes = network.getJoin().getKubernetesConfig();
      kubernetes.setProperty("service-dns", serviceDns(config.list(NodeBaseKeys.CLUSTER_MEMBERS), which))
          .setProperty("service-port", String.valueOf(network.getPort()));
    }
    return membersOnly(hz, which);
  }

  /**
   * The member port speaks the member protocol only: the {@code <network>} settings move to an advanced network
   * configuration with a member endpoint and nothing else (a file with an {@code <advanced-network>} of its own is
   * left as it is). Why:
   * <ul>
   *   <li>Hazelcast's default (unified) port waits for the other side's protocol bytes before it sends anything, and
   *   waits by spinning: its output thread burns a whole core while a peer has accepted the connection but not yet
   *   answered (bench/silent-peer.sh: 10.6 s of a joining node's CPU in its first 10 s, 2.0 s with a member
   *   endpoint). A peer that is still starting answers late; in the Swarm test the peers answered soon enough that
   *   the six starts' CPU did not measurably change (33.8 s before and after, medians).</li>
   *   <li>Without a client endpoint a member runs no client engine: no Hazelcast client can connect to the cluster
   *   port (nanoedge uses none), and a start skips the client protocol's ~500 message-task factories.</li>
   * </ul>
   * The REST and memcache protocols of the unified port are refused with the key to change: they need endpoints of
   * their own, and nanoedge serves its health and metrics on ops.port.
   */
  static Config membersOnly(Config hz, String which) {
    if (hz.getAdvancedNetworkConfig().isEnabled()) {
      return hz;
    }
    NetworkConfig network = hz.getNetworkConfig();
    if (network.getRestApiConfig().isEnabled() || network.getMemcacheProtocolConfig().isEnabled()) {
      throw new ConfigException("configuration key 'cluster.config': '" + which + "' enables Hazelcast's REST or "
          + "memcache protocol on the member port; nanoedge's member port speaks the member protocol only (use "
          + "an <advanced-network> with endpoints of its own, or ops.port for health and metrics)");
    }
    AdvancedNetworkConfig advanced = hz.getAdvancedNetworkConfig().setEnabled(true);
    advanced.setJoin(network.getJoin());
    advanced.setIcmpFailureDetectorConfig(network.getIcmpFailureDetectorConfig());
    advanced.setMemberAddressProviderConfig(network.getMemberAddressProviderConfig());
    ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
    member.setPort(network.getPort()).setPortCount(network.getPortCount())
        .setPortAutoIncrement(network.isPortAutoIncrement()).setPublicAddress(network.getPublicAddress())
        .setReuseAddress(network.isReuseAddress()).setInterfaces(network.getInterfaces())
        .setOutboundPortDefinitions(network.getOutboundPortDefinitions());
    advanced.setMemberEndpointConfig(member);
    return hz;
  }

  /**
   * Multicast finds members by a well-known group, so {@code lan} binds and listens only on the interfaces the site
   * trusts (a dedicated VLAN) and accepts join requests only from addresses on them; without them it does not run.
   */
  private static void restrictToTrustedInterfaces(Config hz, List<String> interfaces) {
    if (interfaces.isEmpty()) {
      throw new ConfigException("configuration key 'cluster.interfaces' must list the trusted interfaces (e.g. "
          + "10.20.0.*) for cluster.config lan: multicast on every interface lets any host on the network join");
    }
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(interfaces);
    hz.getNetworkConfig().getJoin().getMulticastConfig().setTrustedInterfaces(new HashSet<>(interfaces));
  }

  private static Config load(String which) {
    try (InputStream in = open(which)) {
      return BUILT_IN.contains(which) ? buildUnvalidated(in) : new XmlConfigBuilder(in).build();
    } catch (IOException | InvalidConfigurationException e) {
      throw new ConfigException("configuration key 'cluster.config': '" + which
          + "' is not a valid Hazelcast XML file: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  /**
   * One of the built-in files, without checking it against Hazelcast's XML schema: loading the schema and checking
   * against it costs ~0.5 s of CPU per start on the image's JVM (measured: a joining node 3.7 s of CPU instead of
   * 4.5 s), and these files do not change after the build, where ClusterConfigsTest checks each against the schema.
   * A file of the site's own is always checked. Hazelcast reads the switch only as a system property, at each build:
   * set around this one build and restored.
   */
  private static synchronized Config buildUnvalidated(InputStream in) {
    String before = System.getProperty(SCHEMA_VALIDATION);
    System.setProperty(SCHEMA_VALIDATION, "false");
    try {
      return new XmlConfigBuilder(in).build();
    } finally {
      if (before == null) {
        System.clearProperty(SCHEMA_VALIDATION);
      } else {
        System.setProperty(SCHEMA_VALIDATION, before);
      }
    }
  }

  private static InputStream open(String which) throws IOException {
    if (BUILT_IN.contains(which)) {
      InputStream in = ClusterConfigs.class.getResourceAsStream("/nanoedge/cluster/" + which + ".xml");
      if (in == null) {
        throw new ConfigException("cluster configuration '" + which + "' is missing from this build");
      }
      return in;
    }
    Path path = Path.of(which);
    if (!Files.isReadable(path)) {
      throw new ConfigException(
          "configuration key 'cluster.config' must be lan, static, swarm, k8s or a readable file, got '"
          + which + "'");
    }
    return Files.newInputStream(path);
  }

  /**
   * Swarm: the members are the stack's overlay subnet and/or {@code tasks.*} names, looked at again whenever Hazelcast
   * looks for members ({@link SwarmDiscovery}: while joining for up to {@code cluster.join-wait-ms}, and at every
   * split-brain check after), instead of a member list fixed at start.
   */
  private static void discoverSwarm(Config hz, NanoConfig config) {
    List<String> members = config.list(NodeBaseKeys.CLUSTER_MEMBERS);
    if (members.isEmpty()) {
      throw new ConfigException("configuration key 'cluster.members' must list the stack's overlay subnet (e.g. "
          + "10.20.0.0/24) or tasks.<service> names for cluster.config swarm");
    }
    long waitMs = config.longValue(NodeBaseKeys.CLUSTER_JOIN_WAIT_MS);
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getTcpIpConfig().setEnabled(false);
    hz.setProperty("hazelcast.discovery.enabled", "true");
    // Hazelcast's discovery joiner asks the strategy at all only while this many seconds have not passed (at 0 it
    // never asks before it starts a cluster alone); the master also holds join requests that long to batch them.
    // 1 s: asked at once (the strategy itself waits for the expected members), joiners admitted within a second.
    hz.setProperty("hazelcast.wait.seconds.before.join", "1");
    SwarmDiscovery discovery = new SwarmDiscovery(members, hz.getNetworkConfig().getPort(),
        config.integer(NodeBaseKeys.CLUSTER_EXPECTED_MEMBERS), System.nanoTime() + waitMs * 1_000_000,
        SwarmDiscovery::resolve, SwarmDiscovery::probe);
    join.getDiscoveryConfig().addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(discovery));
  }

  /** The one DNS name of the members' headless Service; an address or a list is a mistake worth naming. */
  static String serviceDns(List<String> members, String which) {
    if (members.size() != 1 || members.get(0).contains(":") || members.get(0).matches("[0-9.]+")) {
      throw new ConfigException("configuration key 'cluster.members' must be the one DNS name of the members' "
          + "headless Service (e.g. nanoedge-members) for cluster.config " + which + ", got '"
          + String.join(",", members) + "'");
    }
    return members.get(0);
  }

  static boolean isPattern(String host) {
    return host.contains("*");
  }

  /**
   * The concrete address of this node for the clustered event bus: {@code cluster.host} itself, or the
   * first local IPv4 address matching it when it is a Hazelcast interface pattern ({@code 10.20.0.*}).
   */
  public static String busHost(NanoConfig config) {
    String host = config.string(NodeBaseKeys.CLUSTER_HOST);
    if (host.isEmpty() || !isPattern(host)) {
      return host;
    }
    Pattern pattern = Pattern.compile(host.replace(".", "\\.").replace("*", "\\d{1,3}"));
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address && pattern.matcher(a.getHostAddress()).matches()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      throw new ConfigException("configuration key 'cluster.host': cannot list network interfaces: " + e.getMessage());
    }
    throw new ConfigException("configuration key 'cluster.host': no local address matches '" + host + "'");
  }
}
