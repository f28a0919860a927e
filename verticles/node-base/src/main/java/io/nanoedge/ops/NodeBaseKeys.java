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
  public static final ConfigKey CLUSTER_CONFIG = ConfigKey.string("cluster.config", "static",
      "Hazelcast configuration: static (TCP list), swarm (the overlay subnet and tasks.* names, probed), k8s "
      + "(Kubernetes DNS of a headless Service), lan (multicast, only on cluster.interfaces) or a path to an XML file");
  public static final ConfigKey CLUSTER_MEMBERS = ConfigKey.list("cluster.members", "127.0.0.1",
      "Members to contact for static (host[:port], comma-separated) and swarm (the stack's overlay subnet "
      + "a.b.c.d/nn and/or DNS names of the tasks); for k8s the DNS name of the members' headless Service");
  public static final ConfigKey CLUSTER_HOST = ConfigKey.string("cluster.host", "",
      "Address to bind and advertise for the cluster and event bus (default: Hazelcast picks an interface)");
  public static final ConfigKey CLUSTER_PORT = ConfigKey.port("cluster.port", 5701,
      "Hazelcast member port (the next ports are tried when it is taken)");
  public static final ConfigKey CLUSTER_NAME = ConfigKey.string("cluster.name", "nanoedge",
      "Cluster name; the name used is this plus a fingerprint of the site CA, so nodes of another site or name "
      + "never join this cluster");
  public static final ConfigKey CLUSTER_INTERFACES = ConfigKey.list("cluster.interfaces", "",
      "Trusted interfaces (addresses or patterns such as 10.20.0.*) that lan may use and accept members from; "
      + "lan refuses to start without them");
  public static final ConfigKey CLUSTER_TLS_KEYSTORE = ConfigKey.string("cluster.tls.keystore", "",
      "PKCS#12 key store of this node's certificate, signed by the site CA (nanoedge certs); a clustered node "
      + "refuses to start without it");
  public static final ConfigKey CLUSTER_TLS_TRUSTSTORE = ConfigKey.string("cluster.tls.truststore", "",
      "PKCS#12 trust store holding the site CA: the only certificates the event bus accepts from other nodes");
  public static final ConfigKey CLUSTER_TLS_PASSWORD = ConfigKey.string("cluster.tls.password", "",
      "Password of both stores");
  public static final ConfigKey CLUSTER_TLS_PASSWORD_FILE = ConfigKey.file("cluster.tls.password-file",
      CLUSTER_TLS_PASSWORD, "File holding cluster.tls.password (Docker secret)");
  public static final ConfigKey CLUSTER_EXPECTED_MEMBERS = ConfigKey.integer("cluster.expected-members", 0, 0, 1000,
      "Members the cluster should have (a Swarm stack's member count; 0: no count): a swarm node waits up to "
      + "cluster.join-wait-ms for that many to answer before it joins, and is not ready until its cluster has had "
      + "that many");
  public static final ConfigKey CLUSTER_JOIN_WAIT_MS = ConfigKey.integer("cluster.join-wait-ms", 20000, 1000, 600000,
      "How long a swarm node keeps looking for the expected members at start before it starts a cluster with "
      + "those it found (or on its own)");
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
        CLUSTER_INTERFACES, CLUSTER_TLS_KEYSTORE, CLUSTER_TLS_TRUSTSTORE, CLUSTER_TLS_PASSWORD,
        CLUSTER_TLS_PASSWORD_FILE, CLUSTER_EXPECTED_MEMBERS, CLUSTER_JOIN_WAIT_MS, CLUSTER_BUS_PORT,
        CLUSTER_LITE_MEMBER, CLUSTER_BACKUP_COUNT, CLUSTER_QUORUM, OPS_PORT, OPS_HOST),
        Map.of());
  }
}
