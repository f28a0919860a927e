package io.nanoedge.shell;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Admit;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.SimulatedTag;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.VisitList;
import io.nanoedge.bus.VisitSummary;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.nanoedge.launcher.Node;
import io.nanoedge.ops.NodeBaseKeys;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.SiteCerts;
import io.nanoedge.shellclient.ShellClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives every nanoedge shell command over a real telnet connection (negotiation, window size, Ctrl-C),
 * with stand-in event-bus consumers where the other roles (controller, API, simulated devices) would serve.
 * Two clustered nodes run in this JVM ("node-a" with the shell, "node-b" with only its node agent and the
 * stand-ins), so {@code nodes} and {@code service --node} reach a second node over the clustered bus.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShellTelnetTest {
  private static Node nodeA;
  private static Node nodeB;
  private static Vertx vertx;
  private static int port;
  private final List<MessageConsumer<?>> standIns = new ArrayList<>();

  @BeforeAll
  static void startTwoNodes() throws Exception {
    // Two clustered nodes in this JVM (static TCP members on loopback, a cluster name of their own so no
    // other test's cluster can join): node-a runs the shell, node-b only its node agent.
    int clusterA = Ports.freeTcp();
    int clusterB = Ports.freeTcp();
    String cluster = "shell-test-" + UUID.randomUUID();
    port = Ports.freeTcp();
    // node-a's deployment expects a third member that never comes: `nodes` says what is missing.
    NanoConfig a = node("node-a", cluster, clusterA, clusterB).with(ShellKeys.SHELL_PORT, String.valueOf(port))
        .with(NodeBaseKeys.CLUSTER_EXPECTED_MEMBERS, "3");
    NanoConfig b = node("node-b", cluster, clusterB, clusterA).with(ShellKeys.SHELL_PORT, String.valueOf(
        Ports.freeTcp()));
    Future<Node> startA = Node.start(a, List.of(Role.SHELL));
    Future<Node> startB = Node.start(b, List.of());
    nodeA = await(startA);
    // Node.start runs a node agent on every node, so node-b answers `nodes` and `service --node` itself.
    nodeB = await(startB);
    // The stand-ins for the other roles live on node-b, so every request crosses the clustered bus.
    vertx = nodeB.vertx();
    // The first message each way opens a TLS connection (the bus is mutual TLS); on a loaded machine that handshake
    // can take longer than a command's bus timeout, so the tests start once both directions have answered.
    for (Node[] pair : new Node[][] {{nodeA, nodeB}, {nodeB, nodeA}}) {
      String to = pair[1] == nodeA ? "node-a" : "node-b";
      Eventually.until("node info of " + to + " over the clustered bus", () -> {
        try {
          await(pair[0].vertx().eventBus().request(Addresses.NODE_INFO.at(to).address(), new JsonObject()));
          return true;
        } catch (Exception e) {
          return false;
        }
      }, Duration.ofSeconds(30));
    }
  }

  private static NanoConfig node(String id, String cluster, int clusterPort, int otherPort) {
    return SiteCerts.site().apply(NanoConfig.defaults()).with(Keys.NODE_ID, id)
        .with(NodeBaseKeys.CLUSTER_ENABLED, "true")
        .with(NodeBaseKeys.CLUSTER_CONFIG, "static").with(NodeBaseKeys.CLUSTER_NAME, cluster).with(
            NodeBaseKeys.CLUSTER_HOST, "127.0.0.1")
        .with(NodeBaseKeys.CLUSTER_PORT, String.valueOf(clusterPort))
        .with(NodeBaseKeys.CLUSTER_MEMBERS, "127.0.0.1:" + clusterPort + ",127.0.0.1:" + otherPort)
        .with(NodeBaseKeys.OPS_HOST, "127.0.0.1").with(NodeBaseKeys.OPS_PORT, "0").with(Keys.SERVICE_TIMEOUT_MS,
            "10000")
        // The shell's requests cross the clustered bus; on a busy build machine 2 s (the default) is too tight.
        .with(Keys.BUS_TIMEOUT_MS, "10000");
  }

  @AfterAll
  static void stop() throws Exception {
    if (nodeA != null) {
      await(nodeA.stop());
    }
    if (nodeB != null) {
      await(nodeB.stop());
    }
  }

  @AfterEach
  void removeStandIns() throws Exception {
    for (MessageConsumer<?> c : standIns) {
      await(c.unregister());
    }
    standIns.clear();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A stand-in for another role: serves {@code address}, hands every body to the test, replies with {@code reply}. */
  private BlockingQueue<JsonObject> serve(String address, java.util.function.Function<JsonObject, JsonObject> reply)
      throws Exception {
    BlockingQueue<JsonObject> bodies = new LinkedBlockingQueue<>();
    MessageConsumer<Object> consumer = Bus.serveJson(vertx.eventBus(), address, body -> {
      bodies.add(body);
      return Future.succeededFuture(reply.apply(body));
    });
    standIns.add(consumer);
    await(consumer.completion());
    return bodies;
  }

  private static String command(ShellClient shell, String line) {
    try {
      return shell.command(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ShellClient connect() throws Exception {
    ShellClient client = ShellClient.connect("127.0.0.1", port);
    client.awaitPrompt();
    return client;
  }

  @Test
  void welcomeNamesTheNodeAndHelpListsNanoedgeCommands() throws Exception {
    try (ShellClient shell = ShellClient.connect("127.0.0.1", port)) {
      // WHEN a terminal connects and asks for help
      String welcome = shell.await("\n" + ShellClient.PROMPT, Duration.ofSeconds(10));
      String help = shell.command("help");
      // THEN the welcome names this node and help lists nanoedge's commands next to the built-ins
      assertThat(welcome).contains("nanoedge shell on node node-a");
      assertThat(help).contains("nodes", "visits", "visit", "devices", "simulate", "admit", "status", "service",
          "verticle-ls", "net-ls", "echo");
    }
  }

  @Test
  void onlyReadOnlyBuiltInsAreOffered() throws Exception {
    try (ShellClient shell = connect()) {
      // WHEN the operator asks for help
      String help = shell.command("help");
      // THEN none of the built-ins that change the node, reach the bus or walk the file system is listed
      assertThat(help).doesNotContain("bus-send", "bus-publish", "bus-tail", "verticle-undeploy", "verticle-deploy",
          "local-map", "pwd");
      assertThat(help).doesNotContainPattern("(?m)^\\s*(ls|cd)\\b");
      // AND typing them gets "not found" at once (no undeploy without backup, no message to any address, no hang)
      for (String line : List.of("verticle-undeploy 1", "bus-send nanoedge.controller.admit {}",
          "bus-publish nanoedge.status.changed x", "ls /", "cd /", "local-map-put m k v")) {
        assertThat(shell.command(line)).as(line).contains("command not found").doesNotContain("java.", "Exception");
      }
      // AND the read-only ones work
      assertThat(shell.command("verticle-ls")).contains("io.nanoedge.shell.ShellVerticle");
      assertThat(shell.command("net-ls")).contains(String.valueOf(port));
      assertThat(shell.command("echo hello")).contains("hello");
    }
  }

  @Test
  void controlCharactersFromTheNetworkAreEscapedInEveryPrintedValue() throws Exception {
    // GIVEN a visit whose location came off the network with escape sequences: clear screen, window title, bell,
    // a forged line and a right-to-left override
    String hostile = "entrance\u001b[2J\u001b]0;owned\u0007\nv-99 AUTHENTICATED\u202e";
    serve(Addresses.VISITS.address(), body -> new VisitList("node-b", List.of(
        new VisitSummary("v-17", hostile, "DETECTED", "SCANNING", "2026-11-28T09:00:00Z", List.of())), 0).toJson());
    serve(Addresses.API_VISIT_GET.address(), body -> new JsonObject()
        .put("visit", new JsonObject().put("visitId", "v-17").put("location", hostile))
        .put("timeline", new JsonArray().add(record(StatusRecord.Kind.VISIT, "v-17", 1, Status.NOT_SCANNED,
            "scanner said \u001b[31mred"))));
    try (ShellClient shell = connect()) {
      // WHEN the operator lists visits, shows the visit and tails a status change carrying one
      String visits = shell.command("visits");
      String visit = shell.command("visit v-17");
      // THEN every control character is printed as an escape, never sent to the terminal
      for (String out : List.of(visits, visit)) {
        assertThat(out).contains("entrance\\x1b[2J\\x1b]0;owned\\x07\\x0av-99 AUTHENTICATED\\u202e");
        assertThat(out).doesNotContain("\u001b", "\u0007", "\u202e");
        assertThat(out.lines()).noneMatch(l -> l.startsWith("v-99"));
      }
      // AND a reason never even carries one: the contract's StatusRecord already replaced it with a space
      assertThat(visit).contains("scanner said  [31mred");
    }
  }

  @Test
  void nodesListsEveryNodeAgentWithItsRoles() throws Exception {
    try (ShellClient shell = connect()) {
      // WHEN the operator lists the nodes
      String out = shell.command("nodes");
      // THEN both agents answer the roll call; node-a (this shell's node) runs the shell role
      assertThat(out).containsPattern("node-a \\*\\s+shell\\s");
      assertThat(out).containsPattern("node-b\\s+-\\s");
      assertThat(out).contains("cluster members: 2 of 3 expected (1 missing; /health/ready names what each node "
          + "still needs); node agents answering: 2");
    }
  }

  @Test
  void nodesRejectsArguments() throws Exception {
    try (ShellClient shell = connect()) {
      assertThat(shell.command("nodes everything")).contains("nodes: unexpected argument 'everything'",
          "usage: nodes");
    }
  }

  @Test
  void visitsShowsTheControllersVisitsAndPassesActive() throws Exception {
    // GIVEN a controller with one visit in flight
    BlockingQueue<JsonObject> asked = serve(Addresses.VISITS.address(), body -> new VisitList("node-b", List.of(
        new VisitSummary("v-17", "entrance", "DETECTED", "SCANNING", "2026-11-28T09:00:00Z", List.of())), 0)
        .toJson());
    try (ShellClient shell = connect()) {
      // WHEN the operator lists active visits
      String out = shell.command("visits --active");
      // THEN the request asked for active ones, and the visit is shown in columns
      assertThat(asked.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("active", true));
      assertThat(out).containsPattern("v-17\\s+DETECTED\\s+entrance\\s+\\{\"step\":\"SCANNING\","
          + "\"openedAt\":\"2026-11-28T09:00:00Z\",\"journeys\":\\[\\]\\}");
      assertThat(out).contains("1 active visit(s)");
      // AND without the flag, all visits are asked for
      shell.command("visits");
      assertThat(asked.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("active", false));
    }
  }

  @Test
  void aCommandSuspendedWithCtrlZPrintsItsAnswerWhenBroughtBack() throws Exception {
    // GIVEN a controller that answers only when the test lets it
    io.vertx.core.Promise<JsonObject> answer = io.vertx.core.Promise.promise();
    BlockingQueue<JsonObject> asked = new LinkedBlockingQueue<>();
    MessageConsumer<Object> consumer = Bus.serveJson(vertx.eventBus(), Addresses.VISITS.address(), body -> {
      asked.add(body);
      return answer.future();
    });
    standIns.add(consumer);
    await(consumer.completion());
    try (ShellClient shell = connect()) {
      // WHEN the operator runs visits and suspends it (Ctrl-Z) while it waits, and the answer comes meanwhile
      shell.type("visits\r");
      assertThat(asked.poll(10, TimeUnit.SECONDS)).isNotNull();
      shell.type("\u001a");
      shell.awaitPrompt();
      vertx.runOnContext(v -> answer.complete(new VisitList("node-b", List.of(new VisitSummary("v-17", "entrance",
          "DETECTED", "SCANNING", "2026-11-28T09:00:00Z", List.of())), 0).toJson()));
      // THEN it prints nothing while it is suspended (the answer crosses the cluster meanwhile)
      assertThat(Eventually.within(Duration.ofSeconds(2), () -> shell.text().contains("1 visit(s)"))).isFalse();
      // AND bringing it back prints its answer and ends it
      assertThat(shell.command("fg")).contains("v-17", "1 visit(s)");
      assertThat(shell.command("jobs")).doesNotContain("visits");
    }
  }

  @Test
  void visitsSaysSoWhenNoControllerRuns() throws Exception {
    try (ShellClient shell = connect()) {
      assertThat(shell.command("visits")).contains("visits: unavailable: no controller is running");
    }
  }

  @Test
  void visitsRejectsAnUnknownOption() throws Exception {
    try (ShellClient shell = connect()) {
      assertThat(shell.command("visits --open")).contains("visits: unknown option --open", "usage: visits [--active]");
    }
  }

  @Test
  void visitPrintsTheTimelineFromTheApi() throws Exception {
    // GIVEN an API that knows visit v-17 with two status lines
    serve(Addresses.API_VISIT_GET.address(), body -> {
      if (!"v-17".equals(body.getString("visitId"))) {
        throw NanoException.notFound("visit '" + body.getString("visitId") + "' is unknown");
      }
      return new JsonObject().put("visit", new JsonObject().put("visitId", "v-17").put("location", "entrance"))
          .put("timeline", new JsonArray()
              .add(record(StatusRecord.Kind.VISIT, "v-17", 1, Status.INIT, null))
              .add(record(StatusRecord.Kind.VISIT, "v-17", 2, Status.NOT_SCANNED, "scanner did not answer")));
    });
    try (ShellClient shell = connect()) {
      // WHEN the operator asks for it
      String out = shell.command("visit v-17");
      // THEN its attributes and every status line are printed in order
      assertThat(out).contains("visit v-17", "location: entrance");
      assertThat(out).containsPattern("visit\\s+v-17\\s+1\\s+INIT");
      assertThat(out).containsPattern("visit\\s+v-17\\s+2\\s+NOT SCANNED\\s+scanner did not answer");
      assertThat(out.indexOf("INIT")).isLessThan(out.indexOf("NOT SCANNED"));
      // AND an unknown visit is the API's 404, passed on
      assertThat(shell.command("visit v-99")).contains("visit: not_found: the api: visit 'v-99' is unknown");
    }
  }

  @Test
  void visitNeedsAnIdAndSaysWhenNoApiRuns() throws Exception {
    try (ShellClient shell = connect()) {
      assertThat(shell.command("visit")).contains("visit: missing <visit-id>", "usage: visit <visit-id>");
      assertThat(shell.command("visit v/1")).contains("<visit-id> must be 1 to 64 letters");
      assertThat(shell.command("visit v-1")).contains("visit: unavailable: no api is running");
    }
  }

  @Test
  void devicesListsWhatDevicesAnnounced() throws Exception {
    try (ShellClient shell = connect()) {
      // GIVEN a device that announces itself after the shell started
      vertx.eventBus().publish(Addresses.DEVICE_SEEN.address(), new JsonObject().put("node", "pi-entrance")
          .put("kind", "presence").put("id", "pir-1").put("driver", "simulated").put("location", "entrance"));
      // WHEN the operator lists devices (the fact is delivered asynchronously: ask until it is there)
      String[] out = {""};
      Eventually.until("the device is listed", () -> (out[0] = command(shell, "devices")).contains("pir-1"),
          Duration.ofSeconds(5));
      // THEN it is listed with its driver and location
      assertThat(out[0]).containsPattern("pi-entrance\\s+presence\\s+pir-1\\s+simulated\\s+entrance\\s+\\d+s ago");
      assertThat(shell.command("devices --all")).contains("devices: unknown option --all");
    }
  }

  @Test
  void simulateMotionFiresTheSimulatedPirAtTheLocation() throws Exception {
    // GIVEN a simulated PIR at the entrance
    BlockingQueue<JsonObject> fired = serve(Addresses.SIMULATE_MOTION.at("entrance").address(),
        body -> new JsonObject());
    try (ShellClient shell = connect()) {
      // WHEN the operator simulates motion there
      String out = shell.command("simulate motion entrance");
      // THEN the PIR got the command
      assertThat(fired.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject());
      assertThat(out).contains("motion at entrance");
      // AND a location without a simulated PIR is named
      assertThat(shell.command("simulate motion attic")).contains("no simulated presence sensor at 'attic'");
    }
  }

  @Test
  void simulateTagPutsABeaconInRangeForTheGivenSeconds() throws Exception {
    // GIVEN a simulated BLE scanner at the entrance
    BlockingQueue<JsonObject> beacons = serve(Addresses.SIMULATE_TAG.at("entrance").address(),
        body -> new SimulatedTag.InRange("entrance", body.getInteger("seconds"), -60).toJson());
    try (ShellClient shell = connect()) {
      // WHEN the operator puts Bob's tag in range for 5 s, then Carl's with the default duration
      String out = shell.command("simulate tag entrance AA:BB:CC:00:11:22 --seconds 5");
      shell.command("simulate tag entrance carl-tag");
      // THEN the scanner got the tag id and the duration
      assertThat(beacons.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("tag", "AA:BB:CC:00:11:22")
          .put("seconds", 5).put("rssi", -60));
      assertThat(beacons.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("tag", "carl-tag")
          .put("seconds", 10).put("rssi", -60));
      assertThat(out).contains("tag AA:BB:CC:00:11:22 in range of entrance for 5 s");
    }
  }

  @Test
  void simulateRejectsBadInputWithUsage() throws Exception {
    // GIVEN a scanner that must not be bothered by bad input
    BlockingQueue<JsonObject> beacons = serve(Addresses.SIMULATE_TAG.at("entrance").address(),
        body -> new SimulatedTag.InRange("entrance", body.getInteger("seconds"), -60).toJson());
    try (ShellClient shell = connect()) {
      assertThat(shell.command("simulate")).contains("simulate: missing what to simulate (motion or tag)",
          "usage: simulate motion <location>");
      assertThat(shell.command("simulate smoke entrance")).contains("cannot simulate 'smoke': use motion or tag");
      assertThat(shell.command("simulate tag entrance")).contains("missing <tag-id>");
      assertThat(shell.command("simulate tag entrance t1 --seconds soon"))
          .contains("option --seconds must be a whole number from 1 to 3600, got 'soon'");
      assertThat(shell.command("simulate tag entrance t1 --seconds")).contains("option --seconds needs a value");
      assertThat(shell.command("simulate motion entrance --seconds 3")).contains(
          "--seconds applies to simulate tag only");
      // THEN nothing reached the scanner
      assertThat(beacons.poll(200, TimeUnit.MILLISECONDS)).isNull();
      assertThat(shell.command("simulate tag hall t1")).contains("no simulated BLE scanner at 'hall'");
    }
  }

  @Test
  void admitSendsAPersonOrAGuestToTheController() throws Exception {
    // GIVEN a controller that admits
    BlockingQueue<JsonObject> admits = serve(Addresses.ADMIT.address(), body -> new VisitSummary(
        body.getString("visitId"), "entrance", "AUTHENTICATED", "AUTHENTICATED", "2026-11-28T09:00:00Z", List.of())
        .toJson());
    try (ShellClient shell = connect()) {
      // WHEN the host admits person 42, then David as a guest (a name of several words)
      String person = shell.command("admit v-17 42 --event 7");
      String guest = shell.command("admit v-18 David Doe --event 7");
      // THEN the controller got one Admit each, as the contract types them
      assertThat(Admit.fromJson(admits.poll(5, TimeUnit.SECONDS))).isEqualTo(new Admit("v-17", 42L, null, 7, "shell"));
      assertThat(Admit.fromJson(admits.poll(5, TimeUnit.SECONDS)))
          .isEqualTo(new Admit("v-18", null, "David Doe", 7, "shell"));
      assertThat(person).contains("admitted person 42 to visit v-17 for event 7", "AUTHENTICATED");
      assertThat(guest).contains("admitted guest 'David Doe' to visit v-18");
    }
  }

  @Test
  void admitRejectsBadInputAndSaysWhenNoControllerRuns() throws Exception {
    try (ShellClient shell = connect()) {
      assertThat(shell.command("admit v-17 42")).contains("admit: missing --event <event-id>",
          "usage: admit <visit-id> <person-id|guest name> --event <event-id>");
      assertThat(shell.command("admit v-17 --event 7")).contains("missing <person-id|guest name>");
      assertThat(shell.command("admit v-17 42 --event seven")).contains("option --event must be a whole number");
      assertThat(shell.command("admit v-17 42 --event 7")).contains("admit: unavailable: no controller is running");
    }
  }

  @Test
  void statusTailPrintsStatusChangesUntilCtrlC() throws Exception {
    try (ShellClient shell = connect()) {
      // GIVEN a tail running
      shell.type("status tail\r");
      shell.await("Ctrl-C to stop", Duration.ofSeconds(10));
      // WHEN two statuses are stored somewhere in the cluster
      vertx.eventBus().publish(Addresses.STATUS_CHANGED.address(), record(StatusRecord.Kind.VISIT, "v-17", 2,
          Status.DETECTED, null));
      vertx.eventBus().publish(Addresses.STATUS_CHANGED.address(), new JsonObject().put("kind", "journey").put("id",
          "j-1")
          .put("visitId", "v-17").put("seq", 1).put("status", "NOT GUIDED").put("reason", "led node gone")
          .put("at", "2026-11-28T09:00:03Z"));
      // THEN both are printed as they arrive
      shell.await("visit v-17  #2  DETECTED", Duration.ofSeconds(10));
      shell.await("journey j-1 (visit v-17)  #1  NOT GUIDED  (led node gone)", Duration.ofSeconds(10));
      // AND Ctrl-C stops the tail and gives the prompt back
      shell.interrupt();
      shell.await("stopped", Duration.ofSeconds(10));
      shell.awaitPrompt();
      assertThat(shell.command("status")).contains("status: missing what to do (tail)");
      assertThat(shell.command("status head")).contains("status: unknown subcommand 'head'");
    }
  }

  @Test
  void statusTailFiltersOneVisit() throws Exception {
    try (ShellClient shell = connect()) {
      shell.type("status tail --visit v-2\r");
      shell.await("tailing status changes of visit v-2", Duration.ofSeconds(10));
      vertx.eventBus().publish(Addresses.STATUS_CHANGED.address(), record(StatusRecord.Kind.VISIT, "v-1", 1,
          Status.INIT, null));
      vertx.eventBus().publish(Addresses.STATUS_CHANGED.address(), record(StatusRecord.Kind.VISIT, "v-2", 1,
          Status.INIT, null));
      String out = shell.await("visit v-2  #1  INIT", Duration.ofSeconds(10));
      shell.interrupt();
      shell.awaitPrompt();
      assertThat(out).doesNotContain("visit v-1");
    }
  }

  @Test
  void serviceDeploysAndUndeploysARoleOnAnotherNode() throws Exception {
    try (ShellClient shell = connect()) {
      // WHEN the operator deploys the shell role on node-b
      String deployed = shell.command("service deploy shell --node node-b");
      // THEN node-b runs it, as `nodes` shows
      assertThat(deployed).contains("deployed shell on node node-b (deployment ");
      assertThat(shell.command("nodes")).containsPattern("node-b\\s+shell\\s");
      // AND deploying it again is a conflict
      assertThat(shell.command("service deploy shell --node node-b"))
          .contains("service: conflict: node node-b: role shell already runs on node node-b");
      // WHEN it is undeployed again
      String undeployed = shell.command("service undeploy shell --node node-b");
      // THEN node-b runs no role
      assertThat(undeployed).contains("undeployed shell on node node-b");
      assertThat(shell.command("nodes")).containsPattern("node-b\\s+-\\s");
    }
  }

  @Test
  void serviceRejectsBadInputAndNamesWhatIsMissing() throws Exception {
    try (ShellClient shell = connect()) {
      assertThat(shell.command("service")).contains("service: missing deploy or undeploy",
          "usage: service deploy <role> [--node <node-id>]");
      assertThat(shell.command("service start api")).contains("unknown subcommand 'start': use deploy or undeploy");
      assertThat(shell.command("service deploy")).contains("service: missing <role>");
      assertThat(shell.command("service deploy toaster")).contains("unknown role 'toaster'");
      assertThat(shell.command("service deploy api")).contains(
          "service: node node-a: role api is not available in this build");
      assertThat(shell.command("service undeploy controller"))
          .contains("service: not_found: node node-a: role controller does not run on node node-a");
      assertThat(shell.command("service undeploy shell")).contains("would end this session");
      assertThat(shell.command("service deploy shell --node node-z")).contains("no node 'node-z' answers");
    }
  }

  private static JsonObject record(StatusRecord.Kind kind, String id, int seq, Status status, String reason) {
    return new StatusRecord(kind, id, id, seq, status, Instant.parse("2026-11-28T09:00:0" + seq + "Z"), reason, null)
        .toJson();
  }
}
