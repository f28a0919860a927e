package io.nanoedge.it.ops;

import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TcpProxy;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API node started from the jar before its database: alive but not ready (503, the {@code db} procedure
 * DOWN) until the database answers, then ready without a restart — what Swarm's health check relies on.
 */
@Timeout(120)
class ReadinessIT {

  @Test
  void readyOnlyOnceTheDatabaseAnswers() throws Exception {
    Vertx vertx = Vertx.vertx();
    String dbUrl = TestDatabase.createDatabase();
    int proxyPort = Ports.freeTcp();
    TcpProxy database = TcpProxy.toDatabase(vertx, proxyPort, dbUrl);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NANOEDGE_NODE_ID", "api-readiness");
    env.put("NANOEDGE_OPS_PORT", Integer.toString(Ports.freeTcp()));
    env.put("NANOEDGE_HTTP_PORT", Integer.toString(Ports.freeTcp()));
    env.put("NANOEDGE_COAP_PORT", Integer.toString(Ports.freeUdp()));
    env.put("NANOEDGE_COAPS_PORT", Integer.toString(Ports.freeUdp()));
    env.put("NANOEDGE_DB_URL", TcpProxy.via(dbUrl, proxyPort));
    env.put("NANOEDGE_ADMIN_TOKEN", "readiness-admin-token");
    env.put("NANOEDGE_TAG_KEY", "readiness-tag-key-0123");
    try (NodeProcess api = NodeProcess.start(env, List.of(), "run", "--roles", "api")) {
      // GIVEN the API role started while nothing answers at its database address
      NodeProcess.Response live = awaitStatus(api, "/health/live", 200);
      assertThat(live.status()).isEqualTo(200);
      // THEN it is alive but not ready, and says the database is why
      NodeProcess.Response notReady = api.get("/health/ready");
      assertThat(notReady.status()).as(notReady.body()).isEqualTo(503);
      assertThat(check(notReady.json(), "db").getString("status")).isEqualTo("DOWN");

      // WHEN the database becomes reachable
      database.open();
      // THEN the same process becomes ready, with the db procedure UP
      NodeProcess.Response ready = awaitStatus(api, "/health/ready", 200);
      assertThat(check(ready.json(), "db").getString("status")).isEqualTo("UP");
      assertThat(api.process().isAlive()).isTrue();
    } finally {
      database.close();
      vertx.close();
      TestDatabase.dropDatabase(dbUrl);
    }
  }

  private static NodeProcess.Response awaitStatus(NodeProcess node, String path, int status)
      throws InterruptedException {
    NodeProcess.Response[] last = {node.get(path)};
    Eventually.within(Duration.ofSeconds(60), () -> {
      if (!node.process().isAlive()) {
        throw new AssertionError("node exited:\n" + node.log());
      }
      last[0] = node.get(path);
      return last[0].status() == status;
    });
    assertThat(last[0].status()).as(path + ": " + last[0].body() + "\n" + node.log()).isEqualTo(status);
    return last[0];
  }

  private static JsonObject check(JsonObject health, String id) {
    JsonArray checks = health.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if (id.equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i);
      }
    }
    throw new AssertionError("no readiness procedure '" + id + "' in " + health.encode());
  }
}
