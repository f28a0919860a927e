package io.nanoedge.it.scale;

import static io.nanoedge.testkit.ControllerHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Detected;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.SimulatedTag;
import io.nanoedge.launcher.Node;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.StandInServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Device nodes hold no cluster state (issue 14): a node running only device roles, started from the jar, joins as
 * a Hazelcast lite member, owns no partition, and its SIGKILL and restart move no partition while visits keep
 * flowing through it; a data member joining does move partitions (so the counter can see them).
 */
class LiteMemberIT {
  private static final String ENTRANCE = StandInServices.ENTRANCE;
  /** The stand-ins' tag-hash key ({@link StandInServices#TAGS}): the device node's scanner hashes with it. */
  private static final String TAG_KEY = "stand-in-tag-key-0123456789";
  private static final Duration START = Duration.ofSeconds(90);

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aDeviceNodeIsALiteMemberAndItsDeathMovesNoPartition() throws Exception {
    Map<String, String> common = Map.of("NANOEDGE_SCAN_WINDOW_MS", "300", "NANOEDGE_BUS_TIMEOUT_MS", "1000");
    try (SiteCluster site = new SiteCluster(3, common)) {
      // GIVEN this JVM (a data member with the API's and room's stand-ins) and a controller JVM
      Node member = site.startMember();
      Vertx vertx = member.vertx();
      StandInServices world = new StandInServices(vertx);
      Eventually.await(world.api().compose(v -> world.devices()));
      site.start(1, "ctl-1", "controller", Map.of(), NodeProcess.IMAGE_JVM_FLAGS);
      HazelcastInstance hz = site.hazelcast();
      eventually("2 members, partitions settled and a leader", () -> site.clusterSize() == 2
          && hz.getPartitionService().isClusterSafe() && leads(vertx), START);
      AtomicInteger migrations = site.countMigrations();

      // WHEN a node with only device roles (the entrance's BLE scanner) joins
      Map<String, String> scanner = Map.of("NANOEDGE_BLE_LOCATION", ENTRANCE, "NANOEDGE_BLE_DRIVER", "sim",
          "NANOEDGE_TAG_KEY", TAG_KEY);
      NodeProcess device = site.start(2, "pi-entrance", "ble", scanner, NodeProcess.IMAGE_JVM_FLAGS);
      device.awaitMembers(3, START);

      // THEN it is a lite member: it says so, the cluster sees it so, and it owns no partition
      assertThat(cluster(device).getBoolean("liteMember")).isTrue();
      Member lite = liteMember(hz, site.clusterPort(2));
      assertThat(ownedBy(hz, lite)).as("partitions owned by the device node").isZero();
      // AND a visit scanned by it is authenticated
      assertThat(visit(vertx, world, "AA:BB:CC:00:00:01")).containsExactly("INIT", "DETECTED", "SCANNED",
          "AUTHENTICATED");

      // WHEN the device node is SIGKILLed
      device.kill();
      eventually("the device node removed", () -> site.clusterSize() == 2, START);
      // THEN visits still reach a terminal status (nobody scans at the entrance now)
      assertThat(visit(vertx, world, "AA:BB:CC:00:00:02")).containsExactly("INIT", "DETECTED", "NOT SCANNED");

      // WHEN it starts again
      NodeProcess again = site.start(2, "pi-entrance", "ble", scanner, NodeProcess.IMAGE_JVM_FLAGS);
      again.awaitMembers(3, START);
      // THEN visits flow through it again
      assertThat(visit(vertx, world, "AA:BB:CC:00:00:03")).containsExactly("INIT", "DETECTED", "SCANNED",
          "AUTHENTICATED");
      // AND neither its death nor its return moved a single partition replica
      assertThat(hz.getPartitionService().isClusterSafe()).isTrue();
      assertThat(migrations.get()).as("partition replica migrations caused by the device node").isZero();
      assertThat(ownedBy(hz, liteMember(hz, site.clusterPort(2)))).isZero();

      // WHEN a data member (an ops node, a backup holder) joins THEN partitions do move: the counter sees them
      site.start(3, "backup-1", "ops", Map.of(), NodeProcess.IMAGE_JVM_FLAGS).awaitMembers(4, START);
      eventually("partitions migrate to the new data member", () -> migrations.get() > 0, START);
    }
  }

  private static boolean leads(Vertx vertx) {
    try {
      return Eventually.await(Bus.requestJson(vertx.eventBus(), Addresses.VISITS.address(), new JsonObject(),
          Duration.ofMillis(500)), Duration.ofSeconds(2)).getString("leader") != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Puts the tag in range of the entrance scanner (where one runs), fires a DETECT, waits for a terminal status. */
  private static List<String> visit(Vertx vertx, StandInServices world, String tag) {
    world.register(tag, 500 + tag.hashCode() % 100, "Visitor " + tag);
    Bus.request(vertx.eventBus(), Addresses.SIMULATE_TAG.at(ENTRANCE), new SimulatedTag(tag, 10, -50));
    Detected detected = Eventually.await(Bus.request(vertx.eventBus(), Addresses.DETECT,
        new Motion(ENTRANCE, null, "lite-member-it"), Duration.ofSeconds(5)), Duration.ofSeconds(10));
    eventually("visit " + detected.visitId() + " terminal", () -> world.terminal(detected.visitId()),
        Duration.ofSeconds(30));
    return world.statuses(detected.visitId());
  }

  private static JsonObject cluster(NodeProcess node) {
    JsonArray checks = node.get("/health/ready").json().getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if ("cluster".equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i).getJsonObject("data");
      }
    }
    throw new AssertionError("no cluster procedure in /health/ready of " + node.nodeId());
  }

  private static Member liteMember(HazelcastInstance hz, int port) {
    Member found = hz.getCluster().getMembers().stream().filter(m -> m.getAddress().getPort() == port).findFirst()
        .orElseThrow(() -> new AssertionError("no member on port " + port + ": " + hz.getCluster().getMembers()));
    assertThat(found.isLiteMember()).as("member on port %d is a lite member", port).isTrue();
    return found;
  }

  private static long ownedBy(HazelcastInstance hz, Member member) {
    return hz.getPartitionService().getPartitions().stream().map(Partition::getOwner)
        .filter(owner -> owner != null && owner.getUuid().equals(member.getUuid())).count();
  }
}
