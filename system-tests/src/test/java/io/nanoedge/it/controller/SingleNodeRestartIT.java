package io.nanoedge.it.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.shellclient.ShellClient;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TcpProxy;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a single-node controller (not clustered: its state maps are local) keeps its open visits and the
 * status records waiting for the database across a restart, in its journal ({@code controller.journal-dir}). The
 * database goes away (a TCP proxy cut), visits run, the node is killed; the database comes back and the node is
 * started again: every status line is stored once, in order. Without the journal those lines would be gone.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SingleNodeRestartIT {
  private static final String TOKEN = "restart-it-admin-token-0123456789";
  private static final int VISITS = 2;
  private final Vertx vertx = Vertx.vertx();
  private final List<NodeProcess> nodes = new ArrayList<>();
  private String dbUrl;

  @TempDir
  Path journal;

  @AfterEach
  void cleanUp() throws Exception {
    for (NodeProcess node : nodes) {
      node.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (dbUrl != null) {
      TestDatabase.dropDatabase(dbUrl);
    }
  }

  @Test
  void waitingStatusRecordsSurviveARestartAndAreStoredOnceInOrder() throws Exception {
    // GIVEN one node with every role the workflow needs, its database behind a proxy, its journal in a directory
    dbUrl = TestDatabase.createDatabase();
    int proxyPort = Ports.freeTcp();
    TcpProxy proxy = TcpProxy.toDatabase(vertx, proxyPort, dbUrl);
    proxy.open();
    Map<String, String> env = environment(TcpProxy.via(dbUrl, proxyPort));
    NodeProcess first = start(env);
    awaitReady(first);

    // WHEN the database goes away and visits run to their end meanwhile
    proxy.close();
    int shellPort = Integer.parseInt(env.get("NANOEDGE_SHELL_PORT"));
    String[] seen = {""};
    for (int i = 1; i <= VISITS; i++) {
      int open = i;
      assertThat(shell(shellPort, "simulate motion entrance")).contains("motion at entrance");
      boolean finished = Eventually.within(Duration.ofSeconds(30), () -> shell(shellPort, "visits --active")
          .contains("no active") && (seen[0] = shell(shellPort, "visits")).contains(open + " visit(s)"));
      assertThat(finished).as("visit %d finished; visits: %s%nlog:%n%s", i, seen[0], first.log()).isTrue();
    }
    int waiting = controller(first).getInteger("pendingRecords");
    assertThat(waiting).as("status records waiting for the database").isGreaterThanOrEqualTo(VISITS * 3);
    assertThat(TestDatabase.count(dbUrl, "status_log")).isZero();
    // AND the node dies without a word
    first.kill();

    // WHEN the database is back and the node starts again on the same journal
    proxy.open();
    NodeProcess second = start(env);
    // THEN every waiting record is stored, once
    Eventually.until("the waiting records stored", () -> TestDatabase.count(dbUrl, "status_log") >= waiting
        && controller(second).getInteger("pendingRecords", -1) == 0, Duration.ofSeconds(60));
    assertThat(TestDatabase.count(dbUrl, "status_log")).isEqualTo(waiting);
    // AND in order: each subject's sequence numbers 1..n without a gap, stored in that order, ending terminal
    Map<String, List<Row>> bySubject = new LinkedHashMap<>();
    for (Row row : TestDatabase.query(dbUrl, "SELECT subject_id, seq, status FROM status_log ORDER BY id")) {
      bySubject.computeIfAbsent(row.getString("subject_id"), k -> new ArrayList<>()).add(row);
    }
    assertThat(bySubject.keySet().stream().filter(s -> !s.contains("-"))).as("visits").hasSize(VISITS);
    bySubject.forEach((subject, rows) -> {
      for (int i = 0; i < rows.size(); i++) {
        assertThat(rows.get(i).getInteger("seq")).as(subject + " line " + (i + 1)).isEqualTo(i + 1);
      }
      assertThat(rows.get(0).getString("status")).as(subject + " first").isIn("INIT", "AUTHENTICATED");
      assertThat(rows.get(rows.size() - 1).getString("status")).as(subject + " last").startsWith("NOT ");
    });
    // AND the journal is empty again once the finished visits' records are stored
    Eventually.until("journal emptied", () -> journalFiles() == 0, Duration.ofSeconds(10));
  }

  private Map<String, String> environment(String db) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NANOEDGE_NODE_ID", "single");
    env.put("NANOEDGE_DB_URL", db);
    env.put("NANOEDGE_ADMIN_TOKEN", TOKEN);
    env.put("NANOEDGE_TAG_KEY", "restart-it-tag-key-0123456789");
    env.put("NANOEDGE_HTTP_PORT", String.valueOf(Ports.freeTcp()));
    env.put("NANOEDGE_COAP_PORT", String.valueOf(Ports.freeUdp()));
    env.put("NANOEDGE_COAPS_PORT", String.valueOf(Ports.freeUdp()));
    env.put("NANOEDGE_PRESENCE_COAP_PORT", String.valueOf(Ports.freeUdp()));
    env.put("NANOEDGE_OPS_PORT", String.valueOf(Ports.freeTcp()));
    env.put("NANOEDGE_OPS_HOST", "127.0.0.1");
    env.put("NANOEDGE_SHELL_PORT", String.valueOf(Ports.freeTcp()));
    env.put("NANOEDGE_PRESENCE_LOCATION", "entrance");
    env.put("NANOEDGE_BLE_LOCATION", "entrance");
    env.put("NANOEDGE_CONTROLLER_ENTRANCES", "entrance");
    env.put("NANOEDGE_SCAN_WINDOW_MS", "300");
    env.put("NANOEDGE_PRESENCE_HOLD_MS", "100");
    env.put("NANOEDGE_CONTROLLER_AUTH_TIMEOUT_MS", "1000");
    env.put("NANOEDGE_ADMIT_EXPIRY_MS", "1000");
    env.put("NANOEDGE_CONTROLLER_JOURNAL_DIR", journal.toString());
    return env;
  }

  private NodeProcess start(Map<String, String> env) throws IOException {
    NodeProcess node = NodeProcess.start(env, NodeProcess.IMAGE_JVM_FLAGS, "run", "--roles",
        "api,controller,presence,ble,shell");
    nodes.add(node);
    return node;
  }

  private static void awaitReady(NodeProcess node) {
    Eventually.until("node ready", () -> {
      if (!node.process().isAlive()) {
        throw new AssertionError("node exited:\n" + node.log());
      }
      return node.get("/health/ready").status() == 200;
    }, Duration.ofSeconds(90));
  }

  /** The controller's readiness data (open visits, records waiting), whatever the node's overall status. */
  private static JsonObject controller(NodeProcess node) {
    NodeProcess.Response r = node.get("/health/ready");
    if (r.status() < 0) {
      return new JsonObject();
    }
    JsonArray checks = r.json().getJsonArray("checks", new JsonArray());
    for (int i = 0; i < checks.size(); i++) {
      JsonObject check = checks.getJsonObject(i);
      if ("controller".equals(check.getString("id"))) {
        return check.getJsonObject("data", new JsonObject());
      }
    }
    return new JsonObject();
  }

  private static String shell(int port, String command) {
    try (ShellClient shell = ShellClient.connect("127.0.0.1", port)) {
      shell.awaitPrompt();
      return shell.command(command);
    } catch (IOException e) {
      return "(no shell: " + e.getMessage() + ")";
    }
  }

  private long journalFiles() {
    try (Stream<Path> files = Files.walk(journal)) {
      return files.filter(f -> f.toString().endsWith(".json")).count();
    } catch (IOException e) {
      return -1;
    }
  }
}
