package io.nanoedge.it.ops;

import io.nanoedge.testkit.SiteCerts;
import io.nanoedge.config.DbUrl;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three hosts (network namespaces with their own 10.x addresses on one bridge), one nanoedge node from the
 * built jar in each, configured as the Swarm stack configures its tasks: the static member list of the
 * three addresses and {@code cluster.host} as an address pattern. The stages run in order on the same
 * cluster: it forms and every host's node agent answers a roll call over the clustered event bus; a host is
 * SIGKILLed and the others notice; the host comes back and rejoins; a host's link goes down (partition) and
 * each side sees its own size; the link comes back, the halves merge and the bus reaches every host again.
 * Between forming and the kill, a visit runs across the hosts: host-1 runs the API (on the test's MariaDB, reached
 * through a forwarder from host-1's loopback, {@link NetnsLab#forwardToTestLoopback}), host-2 the controller,
 * host-3 the devices of one building with simulated drivers (entrance PIR and scanner, one LED node, the room);
 * the operator drives it from host-2's shell and the statuses stored in the database are asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MultiHostClusterIT {
  /** The roles of each host; every host runs the shell, which brings the node agent (so `nodes` sees each). */
  static final List<String> ROLES = List.of("", "shell,api", "shell,controller", "shell,presence,ble,led,room");
  private static final String TOKEN = "multi-host-admin-token-0123";
  private static final String BOB_TAG = "AA:BB:CC:00:00:01";
  private static final int HOSTS = 3;
  /** Each host is its own namespace, so every node can use the default ports. */
  private static final int SHELL_PORT = 5000;

  private NetnsLab lab;
  private final NodeProcess[] nodes = new NodeProcess[HOSTS + 1];
  private Path jar;
  private Path logs;
  private String clusterName;
  private String dbUrl;
  private Process dbForwarder;

  @BeforeAll
  void createHosts() throws IOException {
    String property = System.getProperty("nanoedge.jar");
    assertThat(property).as("system property nanoedge.jar (set by the system-tests module's failsafe)").isNotBlank();
    jar = Path.of(property);
    assertThat(jar).exists();
    try {
      lab = NetnsLab.create(HOSTS);
    } catch (IOException e) {
      assumeTrue(false, "skipped: network namespaces cannot be created here (needs root and iproute2): "
          + e.getMessage());
    }
    logs = Files.createDirectories(jar.getParent().resolve("multi-host-it"));
    clusterName = "nanoedge-it-" + UUID.randomUUID();
    dbUrl = TestDatabase.createDatabase();
    dbForwarder = lab.forwardToTestLoopback(1, DbUrl.parse(dbUrl).port());
    for (int i = 1; i <= HOSTS; i++) {
      nodes[i] = startNode(i);
    }
  }

  private NodeProcess startNode(int i) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(SiteCerts.site().env());
    env.put("NANOEDGE_NODE_ID", "host-" + i);
    env.put("NANOEDGE_CLUSTER_CONFIG", "static");
    env.put("NANOEDGE_CLUSTER_NAME", clusterName);
    env.put("NANOEDGE_CLUSTER_HOST", lab.addressPattern());
    env.put("NANOEDGE_CLUSTER_MEMBERS", lab.address(1) + "," + lab.address(2) + "," + lab.address(3));
    env.put("NANOEDGE_SHELL_PORT", String.valueOf(SHELL_PORT));
    // The building's services; only the roles a host runs read their keys. Short timings keep the visit quick.
    env.put("NANOEDGE_DB_URL", dbUrl);
    env.put("NANOEDGE_ADMIN_TOKEN", TOKEN);
    env.put("NANOEDGE_TAG_KEY", "multi-host-tag-key-0123456789");
    env.put("NANOEDGE_SCAN_WINDOW_MS", "500");
    env.put("NANOEDGE_ROOM_SCAN_WINDOW_MS", "500");
    env.put("NANOEDGE_GUIDE_SEGMENT_MS", "200");
    env.put("NANOEDGE_PRESENCE_HOLD_MS", "100");
    env.put("NANOEDGE_LED_NODE", "corridor-1");
    File log = logs.resolve("host-" + i + ".log").toFile();
    return NodeProcess.start(lab.host(i), jar, ROLES.get(i), env, log);
  }

  @AfterAll
  void removeHosts() throws InterruptedException {
    for (NodeProcess node : nodes) {
      if (node != null && node.alive()) {
        node.kill();
      }
    }
    if (dbForwarder != null) {
      dbForwarder.destroyForcibly();
    }
    if (lab != null) {
      lab.close();
    }
    if (dbUrl != null) {
      TestDatabase.dropDatabase(dbUrl);
    }
  }

  /** Waits until host {@code i} reports a cluster size that satisfies {@code expected}; returns the time taken. */
  private Duration awaitMembers(int i, int expected, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    int[] seen = {-1};
    boolean formed = Eventually.within(timeout, () -> {
      assertThat(nodes[i].alive()).as("host-%d's JVM is running (see %s)", i, logs.resolve("host-" + i + ".log"))
          .isTrue();
      seen[0] = nodes[i].members();
      return seen[0] == expected;
    });
    if (formed) {
      return Duration.ofNanos(System.nanoTime() - start);
    }
    throw new AssertionError("host-" + i + " reports " + seen[0] + " members, not " + expected + ", after "
        + timeout.toSeconds() + " s (logs in " + logs + ")");
  }

  private void report(String stage, Duration took) {
    System.out.printf("multi-host: %s after %d ms%n", stage, took.toMillis());
  }

  @Test
  @Order(1)
  void threeHostsFormOneCluster() throws InterruptedException {
    // GIVEN three hosts started together WHEN they find each other through the static member list
    for (int i = 1; i <= HOSTS; i++) {
      // THEN each host reports three members in /health/ready
      report("host-" + i + " sees 3 members", awaitMembers(i, 3, Duration.ofSeconds(120)));
    }
  }

  @Test
  @Order(2)
  void everyHostsNodeAgentAnswersOverTheClusteredBus() throws IOException {
    // WHEN the operator on host-1 lists the nodes (a roll call published to, and answered by, every host)
    String nodesSeen = shell(1, "nodes");
    System.out.print(nodesSeen);
    // THEN all three hosts answered over the event bus between their 10.x addresses
    assertThat(nodesSeen).contains("host-1 *", "host-2", "host-3", "cluster members: 3; node agents answering: 3");
  }

  @Test
  @Order(3)
  void aVisitRunsAcrossTheHosts() throws Exception {
    // GIVEN Alice's meeting booked through the API on host-1 for Bob, whose badge is registered
    long alice = apiCreate("/api/persons", new JsonObject().put("name", "Alice"));
    long bob = apiCreate("/api/persons", new JsonObject().put("name", "Bob"));
    apiCreate("/api/tags", new JsonObject().put("tagId", BOB_TAG).put("personId", bob));
    long room = apiCreate("/api/rooms", new JsonObject().put("name", "Room R").put("location", "room-r").put(
        "capacity", 8)
        .put("entrances", new JsonArray().add("entrance")).put("ledPath", new JsonArray().add("corridor-1")));
    Instant start = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    apiCreate("/api/events", new JsonObject().put("title", "Budget review").put("roomId", room)
        .put("start", start.toString()).put("end", start.plus(1, ChronoUnit.HOURS).toString()).put("hostId", alice)
        .put("participantIds", new JsonArray().add(bob)));

    // WHEN the operator on host-2 (the controller's host) has Bob walk in at host-3's entrance
    assertThat(shell(2, "simulate tag entrance " + BOB_TAG + " --seconds 5")).doesNotContain("no simulated");
    assertThat(shell(2, "simulate motion entrance")).doesNotContain("no simulated");
    // THEN the visit opened by host-3's PIR, scanned by host-3's scanner, authenticated by host-1's API for
    // host-2's controller, is stored with its statuses
    String visit = awaitStored("SELECT subject_id FROM status_log WHERE kind = 'VISIT' AND seq = 1",
        "a visit is stored");
    awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    String journey = awaitStored("SELECT subject_id FROM status_log WHERE kind = 'JOURNEY' AND visit_id = '" + visit
        + "'", "Bob's journey is stored");

    // WHEN Bob reaches the room's door on host-3
    shell(2, "simulate tag room-r " + BOB_TAG + " --seconds 3");
    shell(2, "simulate motion room-r");
    // THEN his journey was guided and the meeting presented to him, and host-1's shell shows the timeline
    awaitStatuses(journey, List.of("AUTHENTICATED", "GUIDED", "PRESENTED"));
    String timeline = shell(1, "visit " + visit);
    System.out.print(timeline);
    assertThat(timeline).contains("visit " + visit, "DETECTED", "SCANNED", "AUTHENTICATED", "PRESENTED");
  }

  /** POST to host-1's API from inside host-1 (curl on its loopback); asserts 201 and returns the new id. */
  private long apiCreate(String path, JsonObject body) throws IOException {
    String out = NetnsLab.run("ip", "netns", "exec", lab.host(1), "curl", "-sS", "--max-time", "10",
        "--retry", "20", "--retry-connrefused", "--retry-delay", "1", "-w", "\n%{http_code}",
        "-H", "authorization: Bearer " + TOKEN, "-H", "content-type: application/json", "-d", body.encode(),
        "http://127.0.0.1:8080" + path);
    String[] lines = out.trim().split("\n");
    assertThat(lines[lines.length - 1]).as("POST %s answered %s", path, out).isEqualTo("201");
    return new JsonObject(lines[lines.length - 2]).getLong("id");
  }

  private String awaitStored(String sql, String what) throws InterruptedException {
    String[] found = {null};
    Eventually.until(what + " (logs in " + logs + ")", () -> {
      var rows = TestDatabase.query(dbUrl, sql);
      found[0] = rows.size() > 0 ? rows.iterator().next().getString(0) : null;
      return found[0] != null;
    }, Duration.ofSeconds(30));
    return found[0];
  }

  private void awaitStatuses(String subject, List<String> expected) throws InterruptedException {
    List<List<String>> seen = new ArrayList<>(List.of(List.of()));
    boolean stored = Eventually.within(Duration.ofSeconds(30), () -> {
      List<String> now = new ArrayList<>();
      TestDatabase.query(dbUrl, "SELECT status FROM status_log WHERE subject_id = '" + subject + "' ORDER BY seq")
          .forEach(r -> now.add(r.getString(0)));
      seen.set(0, now);
      return now.equals(expected);
    });
    if (!stored) {
      throw new AssertionError(subject + " stored " + seen.get(0) + ", not " + expected + " (logs in " + logs + ")");
    }
  }

  @Test
  @Order(4)
  void aKilledHostIsRemovedByTheOthers() throws InterruptedException {
    // WHEN host-3's JVM is SIGKILLed (no goodbye to the cluster)
    nodes[3].kill();
    // THEN the two others report two members within seconds
    report("host-1 sees 2 members after SIGKILL", awaitMembers(1, 2, Duration.ofSeconds(20)));
    report("host-2 sees 2 members after SIGKILL", awaitMembers(2, 2, Duration.ofSeconds(20)));
  }

  @Test
  @Order(5)
  void aRestartedHostRejoins() throws InterruptedException, IOException {
    // WHEN host-3 starts again
    nodes[3] = startNode(3);
    // THEN all three report three members again
    for (int i = 1; i <= HOSTS; i++) {
      report("host-" + i + " sees 3 members after restart", awaitMembers(i, 3, Duration.ofSeconds(90)));
    }
  }

  @Test
  @Order(6)
  void aPartitionLeavesEachSideWithItsOwnSize() throws InterruptedException, IOException {
    // WHEN host-3's link to the switch goes down
    lab.link(3, false);
    // THEN hosts 1 and 2 see two members, and host-3 sees itself alone (after the heartbeat timeout)
    report("host-1 sees 2 members in the partition", awaitMembers(1, 2, Duration.ofSeconds(40)));
    report("host-2 sees 2 members in the partition", awaitMembers(2, 2, Duration.ofSeconds(40)));
    report("host-3 sees 1 member in the partition", awaitMembers(3, 1, Duration.ofSeconds(40)));
  }

  @Test
  @Order(7)
  void theHealedPartitionMergesBackIntoOneCluster() throws InterruptedException, IOException {
    // WHEN the link comes back
    lab.link(3, true);
    // THEN the halves merge (merge runs every 10 s, cluster-config XML) and all see three members
    report("host-3 sees 3 members after heal", awaitMembers(3, 3, Duration.ofSeconds(60)));
    for (int i = 1; i <= 2; i++) {
      report("host-" + i + " sees 3 members after heal", awaitMembers(i, 3, Duration.ofSeconds(30)));
    }
    // AND the event bus works across the former partition: host-3's roll call reaches every host
    // (subscriptions are re-published after the merge, so allow a few tries)
    String nodesSeen = "";
    for (int attempt = 0; attempt < 20 && !nodesSeen.contains("node agents answering: 3"); attempt++) {
      nodesSeen = shell(3, "nodes");
    }
    assertThat(nodesSeen).contains("host-1", "host-2", "host-3 *", "node agents answering: 3");
  }

  /** Runs a shell command on host {@code i}'s shell (telnet on that host's loopback, from inside its namespace). */
  private String shell(int i, String command) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> run = new ArrayList<>(List.of("ip", "netns", "exec", lab.host(i),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
        ShellCommand.class.getName(), String.valueOf(SHELL_PORT)));
    run.addAll(List.of(command.split(" ")));
    // The shell may still be starting right after the cluster formed: a refused connection is retried.
    IOException last = null;
    String[] out = {null};
    IOException[] failed = {null};
    boolean answered = Eventually.within(Duration.ofSeconds(10), () -> {
      try {
        out[0] = NetnsLab.runWithin(60, run.toArray(String[]::new));
        return true;
      } catch (IOException e) {
        failed[0] = e;
        return false;
      }
    });
    if (!answered) {
      throw failed[0];
    }
    return out[0];
  }
}
