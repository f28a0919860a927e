package io.nanoedge.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.agent.RoleDeployer;
import io.nanoedge.config.Role;
import io.nanoedge.health.Readiness;
import io.nanoedge.shellclient.ShellClient;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ready means able to serve a visit (issue 16): Swarm counts a task healthy from its {@code /health/ready}, so the
 * entrance's 200 must mean that a visitor walking in now is authenticated. An entrance node, a controller node and
 * an API node, each its own JVM from the jar, start in that order on a static cluster on 127.0.0.1; while a node
 * misses what its roles need it answers 503 naming it, and a visit played the moment the entrance first answers 200
 * is stored INIT, DETECTED, SCANNED, AUTHENTICATED.
 *
 * <p>What it found: with the entrance needing only a leading controller, the entrance answered 200 with the
 * controller alone (no API node started) and the visit played then was stored NOT AUTHENTICATED; so the entrance's
 * roles need the API too ({@code Role#needs()}). A device node is a Hazelcast lite member and answers no health check
 * until a server node has joined; by then that node's controller has usually taken the lead, so the entrance seldom
 * gets to say "a leading controller" here (asserted whenever it does), and "the API" is what it waits for.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ReadinessByRoleIT {
  private static final String TOKEN = "readiness-by-role-admin-token-0123";
  private static final String TAG_KEY = "readiness-by-role-tag-key-0123";
  private static final String BOB_TAG = "AA:BB:CC:00:00:16";
  private static final String ENTRANCE = "entrance";
  /** What the cluster check names while no controller leads, and while no API node serves. */
  private static final String LEADER = "a leading controller";
  private static final String API = "the API";
  private static final Duration START = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String dbUrl = TestDatabase.createDatabase();
  private final List<Integer> clusterPorts = List.of(Ports.freeTcp(), Ports.freeTcp(), Ports.freeTcp());
  private final List<NodeProcess> nodes = new ArrayList<>();
  /** The operator's telnet session on the controller node's shell. */
  private ShellClient operator;

  @Test
  void theEntranceIsReadyOnlyOnceAVisitThereIsAuthenticated() throws Exception {
    Timeline timeline = new Timeline();
    try {
      // GIVEN Bob's meeting in room R, which the entrance leads to, booked in the building's database
      bookBobsMeeting();
      timeline.note("meeting booked");

      // WHEN the entrance node (the PIR and the BLE scanner, simulated) starts first
      NodeProcess entrance = start(0, "entrance-pi", "presence,ble", Map.of("NANOEDGE_PRESENCE_DRIVER", "sim",
          "NANOEDGE_PRESENCE_LOCATION", ENTRANCE, "NANOEDGE_PRESENCE_HOLD_MS", "100",
          "NANOEDGE_PRESENCE_DEBOUNCE_MS", "0", "NANOEDGE_PRESENCE_DETECT", "true", "NANOEDGE_BLE_DRIVER", "sim",
          "NANOEDGE_BLE_LOCATION", ENTRANCE));
      Eventually.until("the entrance's Hazelcast member listens", () -> listening(clusterPorts.get(0)), START);
      // THEN it is in Hazelcast but answers no health check at all (a device node is a lite member, which starts
      // Vert.x only once a server node is there): Swarm's check fails, the task is not healthy
      assertThat(entrance.get("/health/ready").status()).as("the entrance's /health/ready alone").isEqualTo(-1);
      timeline.note("entrance in Hazelcast, its health check silent");

      // WHEN the controller node starts (with the shell, as in the Swarm stack: the operator's way to play a visit)
      int shellPort = Ports.freeTcp();
      NodeProcess controller = start(1, "controller-1", "controller,shell", Map.of("NANOEDGE_SHELL_PORT",
          Integer.toString(shellPort), "NANOEDGE_CONTROLLER_ENTRANCES", ENTRANCE));

      // THEN until the entrance answers 200, every answer names what is missing; the API node is started only once
      // the entrance has seen a leading controller, so an entrance ready with a leader alone is ready with no API
      NodeProcess[] api = {null};
      Ready[] first = {null};
      boolean[] sawNoLeader = {false};
      boolean ready = Eventually.within(START, () -> {
        alive(entrance);
        alive(controller);
        // The entrance first, then the controller: a controller not leading now did not lead a moment ago either.
        Ready e = Ready.of(entrance);
        Ready c = Ready.of(controller);
        boolean leads = c.controllerLeads();
        timeline.note("entrance " + e.summary() + ", controller " + c.summary() + (leads ? " leading" : "")
            + (api[0] == null ? ", no API node" : ", API node started"));
        if (e.status() == 200) {
          first[0] = e;
          return true;
        }
        if (e.answered()) {
          assertThat(e.status()).as("the entrance's readiness: %s", e.body()).isEqualTo(503);
          if (!leads) {
            sawNoLeader[0] = true;
            assertThat(e.missing()).as("the entrance's missing while no controller leads: %s", e.body())
                .contains(LEADER);
          }
          if (api[0] == null) {
            assertThat(e.missing()).as("the entrance's missing while no API node runs: %s", e.body())
                .containsAnyOf(LEADER, API);
          }
        }
        if (c.answered() && api[0] == null) {
          assertThat(c.status()).as("the controller's readiness while no API node runs: %s", c.body())
              .isEqualTo(503);
          assertThat(c.missing()).as("the controller's missing while no API node runs: %s", c.body()).contains(API);
        }
        if (api[0] == null && e.answered() && !e.missing().contains(LEADER)) {
          api[0] = startApi();
        }
        if (operator == null && listening(shellPort)) {
          // Connected ahead, so the visit is played the moment the entrance says ready.
          operator = connect(shellPort);
        }
        return false;
      });
      assertThat(ready).as("the entrance answers 200 within %s:\n%s", START, entrance.log()).isTrue();
      Instant readyAt = Instant.now();
      timeline.note("entrance ready: playing the visit");
      boolean apiStartedBeforeReady = api[0] != null;

      // WHEN at that moment Bob walks in at the entrance
      if (operator == null) {
        operator = connect(shellPort);
      }
      playVisit(operator);
      timeline.note("visit played " + Duration.between(readyAt, Instant.now()).toMillis() + " ms after");
      if (api[0] == null) {
        // The entrance said ready with no API node at all. The API starts only once the controller has closed the
        // visit: started now, it could come within the controller's retry window (controller.auth-timeout-ms) and
        // save a visit that the building, as the entrance found it, could not serve. Then the outcome is stored.
        awaitVisitClosed(operator);
        timeline.note("the controller closed the visit with no API node");
        api[0] = startApi();
      }

      // THEN the visit is authenticated: what the entrance's 200 promised
      String visit = awaitVisit();
      List<String> statuses = awaitTerminal(visit);
      List<String> reasons = column("SELECT reason FROM status_log WHERE subject_id = '" + visit
          + "' AND reason <> '' ORDER BY seq");
      timeline.note("visit stored " + statuses + " " + reasons);
      assertThat(statuses).as("visit %s played when the entrance first answered 200 (%s; API node started "
              + "before then: %s; the entrance saw no leader at some point: %s; reasons %s)", visit, first[0].body(),
              apiStartedBeforeReady, sawNoLeader[0], reasons)
          .containsExactly("INIT", "DETECTED", "SCANNED", "AUTHENTICATED");
      // AND the whole building is ready
      awaitReady(controller);
      awaitReady(api[0]);
    } finally {
      if (operator != null) {
        operator.close();
      }
      for (NodeProcess node : nodes) {
        node.close();
      }
      TestDatabase.dropDatabase(dbUrl);
    }
  }

  /** Starts node {@code slot} of the static cluster with {@code roles} and its own {@code env}. */
  private NodeProcess start(int slot, String nodeId, String roles, Map<String, String> own) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(NodeProcess.staticMember(nodeId, clusterPorts.get(slot),
        Ports.freeTcp(), clusterPorts));
    env.put("NANOEDGE_OPS_HOST", "127.0.0.1");
    // No member count: expected-members would keep every node unready until the API node had joined, hiding what
    // the roles' needs alone decide (what this test is about).
    env.put("NANOEDGE_CLUSTER_EXPECTED_MEMBERS", "0");
    env.put("NANOEDGE_TAG_KEY", TAG_KEY);
    env.put("NANOEDGE_SCAN_WINDOW_MS", "500");
    env.putAll(own);
    NodeProcess node = NodeProcess.start(env, NodeProcess.IMAGE_JVM_FLAGS, "run", "--roles", roles, "--cluster");
    nodes.add(node);
    return node;
  }

  private NodeProcess startApi() {
    try {
      return start(2, "api-1", "api", Map.of("NANOEDGE_DB_URL", dbUrl, "NANOEDGE_ADMIN_TOKEN", TOKEN,
          "NANOEDGE_HTTP_HOST", "127.0.0.1", "NANOEDGE_HTTP_PORT", Integer.toString(Ports.freeTcp()),
          "NANOEDGE_COAP_HOST", "127.0.0.1", "NANOEDGE_COAP_PORT", Integer.toString(Ports.freeUdp()),
          "NANOEDGE_COAPS_PORT", Integer.toString(Ports.freeUdp())));
    } catch (IOException e) {
      throw new IllegalStateException("the API node did not start", e);
    }
  }

  /**
   * Books through the API as Alice would, with the API role deployed in this JVM for the booking only (the API
   * node under test starts later): the visit is played the moment the entrance is ready, with nothing left to do.
   */
  private void bookBobsMeeting() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HealthChecks readiness = HealthChecks.create(vertx);
      int httpPort = Ports.freeTcp();
      JsonObject config = new JsonObject().put("node.id", "booking").put("db.url", dbUrl).put("admin.token", TOKEN)
          .put("tag.key", TAG_KEY).put("http.host", "127.0.0.1").put("http.port", Integer.toString(httpPort))
          .put("coap.host", "127.0.0.1").put("coap.port", Integer.toString(Ports.freeUdp()))
          .put("coaps.port", Integer.toString(Ports.freeUdp()));
      Eventually.await(new RoleDeployer(vertx, Readiness.of(readiness)).deploy(Role.API, config));
      Eventually.until("the booking API's database is ready",
          () -> Eventually.await(readiness.checkStatus()).getUp(), START);
      String api = "http://127.0.0.1:" + httpPort;
      long alice = create(api, "/api/persons", new JsonObject().put("name", "Alice"));
      long bob = create(api, "/api/persons", new JsonObject().put("name", "Bob"));
      create(api, "/api/tags", new JsonObject().put("tagId", BOB_TAG).put("personId", bob));
      long room = create(api, "/api/rooms", new JsonObject().put("name", "Room R").put("location", "room-r")
          .put("capacity", 8).put("entrances", new JsonArray().add(ENTRANCE))
          .put("ledPath", new JsonArray().add("corridor-1")));
      Instant start = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
      create(api, "/api/events", new JsonObject().put("title", "Budget review").put("roomId", room)
          .put("start", start.toString()).put("end", start.plus(1, ChronoUnit.HOURS).toString())
          .put("hostId", alice).put("participantIds", new JsonArray().add(bob)));
    } finally {
      Eventually.await(vertx.close());
    }
  }

  private static long create(String api, String path, JsonObject body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + path))
        .header("authorization", "Bearer " + TOKEN).header("content-type", "application/json")
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST %s answered %s", path, response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getLong("id");
  }

  /** The controller node's shell, with its prompt shown. */
  private static ShellClient connect(int shellPort) {
    Eventually.until("the controller node's shell listens", () -> listening(shellPort), START);
    try {
      ShellClient shell = ShellClient.connect("127.0.0.1", shellPort);
      shell.awaitPrompt();
      return shell;
    } catch (IOException e) {
      throw new IllegalStateException("the controller node's shell did not answer", e);
    }
  }

  /** Bob's tag in range of the entrance scanner, then motion at the entrance PIR, as the operator plays them. */
  private static void playVisit(ShellClient shell) throws IOException {
    assertThat(shell.command("simulate tag " + ENTRANCE + " " + BOB_TAG + " --seconds 10"))
        .contains("in range of " + ENTRANCE);
    assertThat(shell.command("simulate motion " + ENTRANCE)).contains("motion at " + ENTRANCE);
  }

  /** Waits until the controller's visit has ended (AUTHENTICATED or a NOT status), as the shell's visits shows it. */
  private static void awaitVisitClosed(ShellClient shell) {
    String[] seen = {""};
    boolean ended = Eventually.within(Duration.ofSeconds(30), () -> {
      try {
        seen[0] = shell.command("visits");
      } catch (IOException e) {
        throw new IllegalStateException("the controller node's shell went away", e);
      }
      return seen[0].contains("AUTHENTICATED") || seen[0].contains("NOT ");
    });
    assertThat(ended).as("the controller ended the visit within 30 s:\n%s", seen[0]).isTrue();
  }

  private String awaitVisit() {
    String[] id = {null};
    Eventually.until("a visit is stored", () -> {
      List<String> ids = column("SELECT subject_id FROM status_log WHERE kind = 'VISIT' AND seq = 1");
      id[0] = ids.isEmpty() ? null : ids.get(0);
      return id[0] != null;
    }, Duration.ofSeconds(30));
    return id[0];
  }

  /** The visit's stored statuses once it has ended (AUTHENTICATED or a NOT status), within 30 s. */
  private List<String> awaitTerminal(String visit) {
    List<List<String>> seen = new ArrayList<>(List.of(List.of()));
    boolean ended = Eventually.within(Duration.ofSeconds(30), () -> {
      List<String> now = column("SELECT status FROM status_log WHERE subject_id = '" + visit + "' ORDER BY seq");
      seen.set(0, now);
      return !now.isEmpty() && (now.get(now.size() - 1).equals("AUTHENTICATED")
          || now.get(now.size() - 1).startsWith("NOT "));
    });
    assertThat(ended).as("visit %s ended within 30 s (stored %s)", visit, seen.get(0)).isTrue();
    return seen.get(0);
  }

  private List<String> column(String sql) {
    List<String> values = new ArrayList<>();
    TestDatabase.query(dbUrl, sql).forEach(row -> values.add(row.getString(0)));
    return values;
  }

  private static void awaitReady(NodeProcess node) {
    Eventually.until(node.nodeId() + " answers 200 on /health/ready", () -> {
      alive(node);
      return node.get("/health/ready").status() == 200;
    }, START);
  }

  private static void alive(NodeProcess node) {
    if (!node.process().isAlive()) {
      throw new AssertionError(node.nodeId() + " exited with " + node.process().exitValue() + ":\n" + node.log());
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One answer of {@code /health/ready}: the status (-1: nothing answers) and what the cluster check misses. */
  private record Ready(int status, String body, List<String> missing, boolean controllerLeads) {
    static Ready of(NodeProcess node) {
      NodeProcess.Response r = node.get("/health/ready");
      if (r.status() != 200 && r.status() != 503) {
        return new Ready(r.status(), r.body(), List.of(), false);
      }
      List<String> missing = new ArrayList<>();
      boolean leads = false;
      JsonArray checks = r.json().getJsonArray("checks", new JsonArray());
      for (int i = 0; i < checks.size(); i++) {
        JsonObject check = checks.getJsonObject(i);
        JsonObject data = check.getJsonObject("data", new JsonObject());
        if ("cluster".equals(check.getString("id"))) {
          data.getJsonArray("missing", new JsonArray()).forEach(m -> missing.add(String.valueOf(m)));
        } else if ("controller".equals(check.getString("id"))) {
          leads = data.getBoolean("leader", false);
        }
      }
      return new Ready(r.status(), r.body(), missing, leads);
    }

    boolean answered() {
      return status == 200 || status == 503;
    }

    String summary() {
      return answered() ? status + " " + missing : "silent";
    }
  }

  /** What the nodes answered, each change once, with the time since the first: printed for the test's report. */
  private static final class Timeline {
    private final long start = System.nanoTime();
    private String last;

    void note(String state) {
      if (!state.equals(last)) {
        last = state;
        System.out.printf("readiness-by-role: +%5d ms %s%n", (System.nanoTime() - start) / 1_000_000, state);
      }
    }
  }
}
