package io.nanoedge.it.scale;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.launcher.Node;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.SiteCerts;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A site's cluster on loopback for process-level tests and the scale bench: this JVM as one data member (no roles:
 * the test's stand-ins and probes live on its bus), plus nodes started from nanoedge.jar with the roles they run,
 * each on a fixed cluster port of the static member list so a killed node can be started again in its place.
 */
final class SiteCluster implements AutoCloseable {
  private final List<Integer> clusterPorts = new ArrayList<>();
  /** Each slot's cluster address (slot 0: this JVM), 127.0.0.1 unless a run moves a node behind a link. */
  private final List<String> hosts = new ArrayList<>();
  private final Map<Integer, List<String>> prefixes = new LinkedHashMap<>();
  private final Map<String, String> commonEnv;
  private final Map<Integer, NodeProcess> nodes = new LinkedHashMap<>();
  private Node member;

  /** Room for {@code slots} nodes besides this JVM; {@code commonEnv} goes to every node. */
  SiteCluster(int slots, Map<String, String> commonEnv) {
    for (int i = 0; i <= slots; i++) {
      clusterPorts.add(Ports.freeTcp());
      hosts.add("127.0.0.1");
    }
    this.commonEnv = commonEnv;
  }

  /** Starts this JVM's member: a data member with no roles. */
  Node startMember() throws Exception {
    return startMember(false);
  }

  /**
   * Starts this JVM's member with no roles; a lite member when {@code lite} (a bench's load generator must hold no
   * state the servers would otherwise lose), which waits for a data member to be there.
   */
  Node startMember(boolean lite) throws Exception {
    NanoConfig config = NanoConfig.builder().set("cluster.enabled", "true", "")
        .set("cluster.lite-member", Boolean.toString(lite), "").set("cluster.config", "static", "")
        .set("cluster.host", hosts.get(0), "").set("cluster.members", members(), "")
        .set("cluster.port", Integer.toString(clusterPorts.get(0)), "").set("ops.port", "0", "")
        .set("ops.host", "127.0.0.1", "").set("node.id", "test-member", "").build();
    // A clustered node talks to the others only over the site's mutual TLS.
    config = SiteCerts.site().apply(config);
    member = Node.start(config, List.of()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return member;
  }

  private String members() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < clusterPorts.size(); i++) {
      members.add(hosts.get(i) + ":" + clusterPorts.get(i));
    }
    return String.join(",", members);
  }

  /**
   * Every node binds {@code address} for the cluster, except slot {@code apart}, which binds {@code apartAddress}
   * and starts behind {@code prefix} (a network namespace): the run can cut that node off. Before any start.
   */
  void placeApart(String address, int apart, String apartAddress, List<String> prefix) {
    for (int i = 0; i < hosts.size(); i++) {
      hosts.set(i, i == apart ? apartAddress : address);
    }
    prefixes.put(apart, prefix);
  }

  private Map<String, String> memberEnv(int slot, String nodeId) {
    Map<String, String> all = new LinkedHashMap<>(NodeProcess.staticMember(nodeId, clusterPorts.get(slot),
        Ports.freeTcp(), clusterPorts));
    all.put("NANOEDGE_CLUSTER_HOST", hosts.get(slot));
    all.put("NANOEDGE_CLUSTER_MEMBERS", members());
    all.put("NANOEDGE_OPS_HOST", "127.0.0.1");
    all.putAll(commonEnv);
    return all;
  }

  /** Starts node {@code slot} (1-based) with {@code roles} and its own {@code env}; replaces a dead one there. */
  NodeProcess start(int slot, String nodeId, String roles, Map<String, String> env, List<String> jvmOptions)
      throws IOException {
    Map<String, String> all = memberEnv(slot, nodeId);
    all.putAll(env);
    NodeProcess node = NodeProcess.startIn(prefixes.getOrDefault(slot, List.of()), all, jvmOptions, "run", "--roles",
        roles, "--cluster");
    nodes.put(slot, node);
    return node;
  }

  /** Starts node {@code slot} as {@code mainClass} on this JVM's class path (a bench's device fleet). */
  NodeProcess startMain(int slot, String nodeId, String mainClass, Map<String, String> env, List<String> jvmOptions,
      String... args) throws IOException {
    Map<String, String> all = memberEnv(slot, nodeId);
    // What --cluster sets for the jar's launcher.
    all.put("NANOEDGE_CLUSTER_ENABLED", "true");
    env.forEach((k, v) -> {
      if (k.startsWith("NANOEDGE_")) {
        all.put(k, v);
      }
    });
    NodeProcess node = NodeProcess.startMain(all, jvmOptions, mainClass, args);
    nodes.put(slot, node);
    return node;
  }

  int clusterPort(int slot) {
    return clusterPorts.get(slot);
  }

  NodeProcess node(int slot) {
    return nodes.get(slot);
  }

  /** This JVM's Hazelcast instance: the site's view of members and partitions. */
  HazelcastInstance hazelcast() {
    return ((HazelcastClusterManager) ((VertxInternal) member.vertx()).clusterManager()).getHazelcastInstance();
  }

  /** Counts every partition replica migrated (or failing to) from now on, as this JVM's member is told. */
  AtomicInteger countMigrations() {
    AtomicInteger count = new AtomicInteger();
    hazelcast().getPartitionService().addMigrationListener(new MigrationListener() {
      @Override
      public void migrationStarted(MigrationState state) {
        // Counted per replica below.
      }

      @Override
      public void migrationFinished(MigrationState state) {
        // Counted per replica below.
      }

      @Override
      public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        count.incrementAndGet();
      }

      @Override
      public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        count.incrementAndGet();
      }
    });
    return count;
  }

  int clusterSize() {
    return hazelcast().getCluster().getMembers().size();
  }

  @Override
  public void close() throws Exception {
    for (NodeProcess node : nodes.values()) {
      node.process().destroy();
    }
    for (NodeProcess node : nodes.values()) {
      if (!node.process().waitFor(15, TimeUnit.SECONDS)) {
        node.process().destroyForcibly();
      }
    }
    if (member != null) {
      member.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }
}
