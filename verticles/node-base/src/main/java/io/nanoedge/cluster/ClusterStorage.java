package io.nanoedge.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.nanoedge.ops.NodeBaseKeys;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the cluster's state lives. Device nodes (corridor Pis: presence, ble, led, room, the CoAP gateway) hold
 * none of it: they join as Hazelcast lite members, which own no partitions, so a Pi that reboots or loses power
 * moves no data and cannot take a visit's only copy with it. The server nodes keep every map with
 * {@code cluster.backup-count} synchronous backups.
 */
public final class ClusterStorage {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterStorage.class);
  private static final long WAIT_LOG_SECONDS = 10;
  private static final String VERTX_NODE_ID = "__vertx.nodeId";
  static final String QUORUM = "nanoedge-server-quorum";
  /** Roles that keep no cluster state of their own: a node running only these is a lite member by default. */
  public static final Set<Role> DEVICE_ROLES = EnumSet.of(Role.PRESENCE, Role.BLE, Role.LED, Role.ROOM, Role.COAP);

  /**
   * The maps whose backup count the key sets: nanoedge's own (the controller's visits, journeys and lease) and
   * the ones Vert.x keeps (event-bus subscriptions, node info), since a visit survives a server's death only if
   * the consumers that serve it can still be found.
   */
  static final List<String> MAPS = List.of("nanoedge.*", "__vertx.haInfo", "__vertx.nodeInfo");
  static final List<String> MULTIMAPS = List.of("__vertx.subs");

  private ClusterStorage() {
  }

  /** Whether a node with these roles joins as a lite member: {@code cluster.lite-member}, auto by its roles. */
  public static boolean liteMember(NanoConfig config, List<Role> roles) {
    String setting = config.string(NodeBaseKeys.CLUSTER_LITE_MEMBER);
    if (!"auto".equals(setting)) {
      return Boolean.parseBoolean(setting);
    }
    // No roles (a test's member, a probe) or any server role: a data member.
    return !roles.isEmpty() && DEVICE_ROLES.containsAll(roles);
  }

  /** Applies the lite-member decision and the backup count to a node's Hazelcast configuration. */
  public static Config apply(Config hz, NanoConfig config, List<Role> roles) {
    hz.setLiteMember(liteMember(config, roles));
    int backups = config.integer(NodeBaseKeys.CLUSTER_BACKUP_COUNT);
    for (String name : MAPS) {
      MapConfig map = hz.getMapConfigs().get(name);
      if (map == null) {
        map = new MapConfig(name);
        hz.addMapConfig(map);
      }
      map.setBackupCount(backups).setAsyncBackupCount(0);
    }
    applyQuorum(hz, config.integer(NodeBaseKeys.CLUSTER_QUORUM));
    for (String name : MULTIMAPS) {
      MultiMapConfig map = hz.getMultiMapConfigs().get(name);
      if (map == null) {
        map = new MultiMapConfig(name).setValueCollectionType(MultiMapConfig.ValueCollectionType.SET);
        hz.addMultiMapConfig(map);
      }
      map.setBackupCount(backups).setAsyncBackupCount(0);
    }
    return hz;
  }

  /**
   * Split-brain protection on nanoedge's own maps: on a side of a split cluster that sees fewer than {@code quorum}
   * data members, every read and write of the controller's lease and visits fails, so a cut-off minority cannot
   * take the lead (and a leader there steps down when it cannot renew). Lite members do not count: a corridor of
   * Pis must not make a lone server a quorum. Vert.x's own maps stay unprotected, so devices keep their consumers.
   */
  private static void applyQuorum(Config hz, int quorum) {
    if (quorum <= 0) {
      return;
    }
    hz.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(QUORUM, true, Math.max(2, quorum))
        .setProtectOn(SplitBrainProtectionOn.READ_WRITE)
        .setFunctionImplementation(members -> members.stream().filter(m -> !m.isLiteMember()).count() >= quorum));
    hz.getMapConfigs().get("nanoedge.*").setSplitBrainProtectionName(QUORUM);
  }

  /**
   * The cluster manager of a node with this Hazelcast configuration. A lite member cannot start Vert.x on its own:
   * Vert.x writes its node info into a cluster map at join, and with no data member that fails at once ("all nodes
   * in the cluster are lite members"). So a device node that boots before the servers joins Hazelcast first and
   * waits (logging every 10 s) until a data member is there, then starts Vert.x on that instance.
   */
  public static Future<HazelcastClusterManager> clusterManager(Config hz) {
    if (!hz.isLiteMember()) {
      return Future.succeededFuture(new HazelcastClusterManager(hz));
    }
    Promise<HazelcastClusterManager> joined = Promise.promise();
    Thread join = new Thread(() -> {
      try {
        joined.complete(new LiteMemberManager(joinAsLiteMember(hz)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        joined.fail(e);
      } catch (RuntimeException e) {
        joined.fail(e);
      }
    }, "nanoedge-lite-join");
    join.setDaemon(true);
    join.start();
    return joined.future();
  }

  private static HazelcastInstance joinAsLiteMember(Config hz) throws InterruptedException {
    // What Vert.x sets when it creates the instance itself: the member attribute naming the Vert.x node.
    hz.getMemberAttributeConfig().setAttribute(VERTX_NODE_ID, UUID.randomUUID().toString());
    HazelcastInstance instance = Hazelcast.newHazelcastInstance(hz);
    CountDownLatch dataMember = new CountDownLatch(1);
    UUID listener = instance.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        if (!event.getMember().isLiteMember()) {
          dataMember.countDown();
        }
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        // Only an arrival can end the wait.
      }
    });
    try {
      while (instance.getCluster().getMembers().stream().allMatch(Member::isLiteMember)) {
        if (!dataMember.await(WAIT_LOG_SECONDS, TimeUnit.SECONDS)) {
          LOG.info("lite member (device node): waiting for a server node (a data member) to join the cluster");
        }
      }
    } catch (InterruptedException e) {
      instance.shutdown();
      throw e;
    } finally {
      instance.getCluster().removeMembershipListener(listener);
    }
    return instance;
  }

  /** Vert.x leaves an instance it did not create running; this node made it, so leaving shuts it down. */
  private static final class LiteMemberManager extends HazelcastClusterManager {
    private final HazelcastInstance instance;

    LiteMemberManager(HazelcastInstance instance) {
      super(instance);
      this.instance = instance;
    }

    @Override
    public void leave(Completable<Void> promise) {
      super.leave((ignored, failure) -> {
        // Shutting Hazelcast down blocks (it says goodbye to the members): not on a Vert.x thread.
        Thread shutdown = new Thread(() -> {
          instance.getLifecycleService().shutdown();
          promise.complete(null, failure);
        }, "nanoedge-lite-leave");
        shutdown.setDaemon(true);
        shutdown.start();
      });
    }
  }
}
