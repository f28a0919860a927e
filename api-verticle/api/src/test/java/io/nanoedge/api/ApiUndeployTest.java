package io.nanoedge.api;

import io.nanoedge.testkit.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.api.db.Migrations;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.agent.NodeAgentVerticle;
import io.nanoedge.agent.RoleDeployer;
import io.nanoedge.health.Readiness;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code service undeploy api} end to end on one node: the real node agent asks the real API for its backup,
 * then undeploys it; when the backup fails the API keeps running.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ApiUndeployTest {
  @TempDir
  Path backups;

  private static String agent(Vertx vertx, String node) {
    return vertx.deployVerticle(new NodeAgentVerticle(new RoleDeployer(vertx, Readiness.NONE)), new DeploymentOptions(
        ).setConfig(new JsonObject()
        .put("node.id", node).put("service.timeout-ms", "20000"))).await();
  }

  private static JsonObject undeployApi(Vertx vertx, String node) {
    return Bus.requestJson(vertx.eventBus(), Addresses.NODE_SERVICE.at(node).address(),
        new JsonObject().put("action", "undeploy").put("role", "api"), Duration.ofSeconds(30)).await();
  }

  @Test
  void undeployApiWritesTheBackupThenStopsTheApi(Vertx vertx) throws IOException {
    // GIVEN the API running on node n1 with a person and a room, and n1's node agent
    ApiFixture api = ApiFixture.start(vertx, TestDatabase.createDatabase(), Map.of("node.id", "n1",
        "backup.dir", backups.toString()), true);
    String agent = agent(vertx, "n1");
    try {
      api.person("Alice");
      api.room("Room R", "room-r-door", "entrance");
      // WHEN the operator undeploys api on n1 (what `service undeploy api` sends)
      JsonObject reply = undeployApi(vertx, "n1");
      // THEN the answer names the backup, whose files hold the rows
      assertThat(reply.getString("action")).isEqualTo("undeployed");
      JsonObject backup = reply.getJsonObject("backup");
      Path dir = Path.of(backup.getString("dir"));
      assertThat(dir.getParent()).isEqualTo(backups.toAbsolutePath());
      assertThat(backup.getJsonObject("tables").getLong("persons")).isEqualTo(1);
      assertThat(new JsonArray(Files.readString(dir.resolve("persons.json"))).getJsonObject(0).getString("name"))
          .isEqualTo("Alice");
      assertThat(new JsonArray(Files.readString(dir.resolve("room_entrances.json")))).hasSize(1);
      // AND the API is gone: nobody serves its bus commands any more
      assertThat(vertx.deploymentIDs()).doesNotContainAnyElementsOf(reply.getJsonArray("deploymentIds").getList());
      assertThatThrownBy(() -> Bus.requestJson(vertx.eventBus(), Addresses.API_VISIT_GET.address(),
          new JsonObject().put("visitId", "v-1")).await())
          .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    } finally {
      vertx.undeploy(agent).await();
      api.web.close();
      TestDatabase.dropDatabase(api.dbUrl);
    }
  }

  @Test
  void undeployApiWithTheDatabaseDownKeepsTheApiRunning(Vertx vertx) throws IOException {
    // GIVEN the API on node n1 reaching its database through a proxy that goes away
    String direct = TestDatabase.createDatabase();
    int proxyPort = Ports.freeTcp();
    TcpProxy proxy = TcpProxy.toDatabase(vertx, proxyPort, direct);
    proxy.open();
    ApiFixture api = ApiFixture.start(vertx, TcpProxy.via(direct, proxyPort), Map.of("node.id", "n1",
        "backup.dir", backups.toString()), true);
    String agent = agent(vertx, "n1");
    try {
      proxy.close();
      // WHEN the operator undeploys api, THEN it fails with the backup's 503 and writes nothing
      assertThatThrownBy(() -> undeployApi(vertx, "n1")).isInstanceOfSatisfying(NanoException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).contains("backup before undeploying api failed, so api keeps running");
      });
      try (var files = Files.list(backups)) {
        assertThat(files).isEmpty();
      }
      // AND the API still runs and serves again once the database is back
      proxy.open();
      api.awaitReady(true);
      assertThat(Bus.requestJson(vertx.eventBus(), Addresses.API_BACKUP.address(), new JsonObject(),
          Duration.ofSeconds(20))
          .await().getJsonObject("tables").getLong("schema_version")).isEqualTo(Migrations.FILES.size());
    } finally {
      vertx.undeploy(agent).await();
      api.stop();
      proxy.close();
      TestDatabase.dropDatabase(direct);
    }
  }
}
