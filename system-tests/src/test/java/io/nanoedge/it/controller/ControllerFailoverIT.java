package io.nanoedge.it.controller;

import static org.assertj.core.api.Assertions.assertThat;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.launcher.Node;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.StandInServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static io.nanoedge.testkit.ControllerHarness.eventually;

/**
 * Three controller JVMs in one cluster; the leader is killed with SIGKILL while visits are scanning and
 * journeys are being guided. A standby must take over, resume every open visit and journey from its last
 * status, and the status log must end with every subject terminal and no gap or duplicate.
 */
class ControllerFailoverIT {
  private static final int VISITS = 12;
  private static final Set<List<String>> VISIT_ENDS = Set.of(
      List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"),
      List.of("INIT", "DETECTED", "NOT SCANNED"),
      List.of("INIT", "DETECTED", "SCANNED", "NOT AUTHENTICATED"));
  private static final Set<List<String>> JOURNEY_ENDS = Set.of(
      List.of("AUTHENTICATED", "GUIDED", "PRESENTED"),
      List.of("AUTHENTICATED", "GUIDED", "NOT PRESENTED"),
      List.of("AUTHENTICATED", "GUIDED"),
      List.of("AUTHENTICATED", "NOT GUIDED"));

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void aStandbyResumesEveryOpenVisitWhenTheLeaderIsKilled() throws Exception {
    Map<String, String> env = Map.of("NANOEDGE_SCAN_WINDOW_MS", "2500", "NANOEDGE_GUIDE_TIMEOUT_MS", "12000",
        "NANOEDGE_BUS_TIMEOUT_MS", "1000");
    try (ControllerCluster cluster = new ControllerCluster(3, env, ControllerCluster.SMALL_JVM)) {
      // GIVEN this JVM standing in for the API and devices, and three controller JVMs in its cluster
      Node member = cluster.startMember();
      Vertx vertx = member.vertx();
      StandInServices world = new StandInServices(vertx);
      ControllerCluster.await(world.api().compose(v -> world.devices()));
      for (int i = 0; i < VISITS; i++) {
        String entrance = "entrance-" + i;
        String tag = String.format("AA:BB:CC:00:10:%02X", i);
        world.register(tag, 100 + i, "Person " + i);
        world.inRange(entrance, tag);
        ControllerCluster.await(world.scanner(entrance));
      }
      Map<Integer, Process> controllers = new HashMap<>();
      for (int i = 1; i <= 3; i++) {
        controllers.put(i, cluster.startController(i));
      }
      eventually("4 members and a leader",
          () -> cluster.clusterSize() == 4 && ControllerCluster.leader(vertx) != null, Duration.ofSeconds(90));
      String oldLeader = ControllerCluster.leader(vertx);

      // WHEN half the visits are open (guiding or scanning) and the leader's JVM is SIGKILLed
      Map<String, String> visitIds = new LinkedHashMap<>();
      for (int i = 0; i < VISITS / 2; i++) {
        String id = detect(vertx, "entrance-" + i);
        visitIds.put(id, "entrance-" + i);
        // One visit at a time: the next opens once the leader holds this one (so the kill finds them at every step).
        eventually("the leader holds " + id, () -> world.statuses(id).contains("DETECTED"), Duration.ofSeconds(10));
      }
      Process leaderProcess = controllers.get(Integer.parseInt(oldLeader.substring(oldLeader.indexOf('-') + 1)));
      long killedAt = System.nanoTime();
      leaderProcess.destroyForcibly();
      String[] leader = {null};
      eventually("a standby takes over", () -> {
        leader[0] = ControllerCluster.leader(vertx);
        return leader[0] != null && !leader[0].equals(oldLeader);
      }, Duration.ofSeconds(30));
      String newLeader = leader[0];
      long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      System.out.println("controller takeover: " + oldLeader + " killed, " + newLeader + " leads after "
          + takeoverMs + " ms");
      for (int i = VISITS / 2; i < VISITS; i++) {
        visitIds.put(detect(vertx, "entrance-" + i), "entrance-" + i);
      }
      // ... and every second person reaches the room; the others never arrive
      eventually("every visit authenticated", () -> visitIds.keySet().stream()
          .allMatch(v -> world.statuses(v).size() == 4), Duration.ofSeconds(30));
      for (int i = 0; i < VISITS; i += 2) {
        String hash = StandInServices.TAGS.hash(String.format("AA:BB:CC:00:10:%02X", i));
        requestJson(vertx, Addresses.ARRIVAL.address(), new Arrival(StandInServices.ROOM, List.of(hash), null).toJson(
            ));
      }

      // THEN every subject ends terminal with a gapless, duplicate-free sequence, one journey per person
      eventually("every visit and journey terminal", () -> world.log().keySet().stream().allMatch(world::terminal)
          && world.log().size() == 2 * VISITS, Duration.ofSeconds(40));
      assertThat(newLeader).isNotEqualTo(oldLeader);
      for (Map.Entry<String, List<StatusRecord>> subject : world.log().entrySet()) {
        List<StatusRecord> records = subject.getValue();
        for (int s = 0; s < records.size(); s++) {
          assertThat(records.get(s).seq()).as(() -> "sequence of " + subject.getKey()).isEqualTo(s + 1);
        }
        List<String> statuses = records.stream().map(r -> r.status().wire()).toList();
        boolean visit = records.get(0).kind() == StatusRecord.Kind.VISIT;
        assertThat((visit ? VISIT_ENDS : JOURNEY_ENDS).contains(statuses)).as(() -> subject.getKey() + " "
            + statuses).isTrue();
      }
      for (String visit : visitIds.keySet()) {
        assertThat(world.statuses(visit)).isEqualTo(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
        assertThat(world.journeysOf(visit).size()).as(() -> "journeys of " + visit).isEqualTo(1);
      }
      long presented = world.log().values().stream()
          .filter(r -> r.get(r.size() - 1).status().wire().equals("PRESENTED")).count();
      assertThat(presented).as(() -> "the meeting is presented once").isEqualTo(1);
      long guided = world.log().values().stream()
          .filter(r -> r.get(r.size() - 1).status().wire().equals("GUIDED")).count();
      long notGuided = world.log().values().stream()
          .filter(r -> r.get(r.size() - 1).status().wire().equals("NOT GUIDED")).count();
      assertThat(guided).isEqualTo(VISITS / 2 - 1);
      assertThat(notGuided).isEqualTo(VISITS / 2);
      System.out.println("controller failover: " + world.log().size() + " subjects terminal, "
          + world.duplicateAppends() + " re-sent status records stored once");
    }
  }

  /** Opens a visit, retrying while no controller answers (the takeover window). */
  private static String detect(Vertx vertx, String location) throws Exception {
    List<String> errors = new ArrayList<>();
    String[] visit = {null};
    boolean opened = Eventually.within(Duration.ofSeconds(30), () -> {
      try {
        visit[0] = ControllerCluster.await(Bus.request(vertx.eventBus(), Addresses.DETECT,
            new Motion(location, null, "it"), Duration.ofMillis(1000))).visitId();
        return true;
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof NanoException)) {
          throw new IllegalStateException(e.getCause());
        }
        errors.add(e.getCause().getMessage());
        return false;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    if (!opened) {
      throw new AssertionError("no controller opened a visit at " + location + ": " + errors);
    }
    return visit[0];
  }

  private static JsonObject requestJson(Vertx vertx, String address, JsonObject body) throws Exception {
    return ControllerCluster.await(Bus.requestJson(vertx.eventBus(), address, body));
  }

}
