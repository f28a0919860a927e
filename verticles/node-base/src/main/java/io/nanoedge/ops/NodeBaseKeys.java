package io.nanoedge.ops;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoModule;
import java.util.List;
import java.util.Map;

/**
 * The keys of what every node runs besides its roles: the cluster and the ops endpoints. Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class NodeBaseKeys extends NanoModule {
  public static final ConfigKey CLUSTER_ENABLED = ConfigKey.bool("cluster.enabled", false,
      "Join a Hazelcast cluster (same as --cluster); otherwise the event bus is local to this JVM");
  public static final ConfigKey CLUSTER_CONFIG = ConfigKey.string("cluster.config", "lan",
      "Hazelcast configuration: lan (multicast), static (TCP list), swarm (DNS of tasks), k8s (Kubernetes DNS of a "
      + "headless Service) or a path to an XML file");
  public static final ConfigKey CLUSTER_MEMBERS = ConfigKey.list("cluster.members", "127.0.0.1",
      "Members to contact for static (host[:port], comma-separated) and swarm (DNS names of the tasks); for k8s "
      + "the DNS name of the members' headless Service");
  public static final ConfigKey CLUSTER_HOST = ConfigKey.string("cluster.host", "",
      "Address to bind and advertise for the cluster and event bus (default: Hazelcast picks an interface)");
  public static final ConfigKey CLUSTER_PORT = ConfigKey.port("cluster.port", 5701,
      "Hazelcast member port (the next ports are tried when it is taken)");
  public static final ConfigKey CLUSTER_NAME = ConfigKey.string("cluster.name", "nanoedge",
      "Cluster name: nodes with another name never join this cluster");
  public static final ConfigKey CLUSTER_BUS_PORT = ConfigKey.port("cluster.bus-port", 0,
      "TCP port of the clustered event bus (0: any free port)");
  public static final ConfigKey CLUSTER_LITE_MEMBER = ConfigKey.choice("cluster.lite-member", "auto",
      "Join as a Hazelcast lite member, holding no cluster data: auto (when every role is a device role: presence, "
      + "ble, led, room, coap), true or false", "auto", "true", "false");
  public static final ConfigKey CLUSTER_BACKUP_COUNT = ConfigKey.integer("cluster.backup-count", 1, 0, 6,
      "Synchronous backups of every cluster map (the controller's visits, lease, bus subscriptions) on other data "
      + "members; set it on every server node");
  public static final ConfigKey CLUSTER_QUORUM = ConfigKey.integer("cluster.quorum", 0, 0, 64,
      "Data members (server nodes) a side of a split cluster must see before nanoedge's maps (the controller's lease "
      + "and visits) accept reads or writes there: a majority of the server nodes (2 of 3) keeps a cut-off minority "
      + "from leading; 0: off");
  public static final ConfigKey OPS_PORT = ConfigKey.port("ops.port", 9090,
      "Port of /health/live, /health/ready and /metrics on every node (0: any free port)");
  public static final ConfigKey OPS_HOST = ConfigKey.string("ops.host", "0.0.0.0",
      "Interface of the ops endpoints");

  public NodeBaseKeys() {
    super(10, List.of(CLUSTER_ENABLED, CLUSTER_CONFIG, CLUSTER_MEMBERS, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_NAME,
        CLUSTER_BUS_PORT, CLUSTER_LITE_MEMBER, CLUSTER_BACKUP_COUNT, CLUSTER_QUORUM,
        OPS_PORT, OPS_HOST),
        Map.of());
  }
}
