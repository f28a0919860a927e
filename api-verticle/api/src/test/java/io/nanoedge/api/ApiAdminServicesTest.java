package io.nanoedge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.agent.NodeAgentVerticle;
import io.nanoedge.agent.RoleDeployer;
import io.nanoedge.health.Readiness;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /api/admin/nodes/{node}/services}: the shell's {@code service deploy/undeploy} over authenticated
 * HTTP, forwarded to the real node agent of node n2 (running in this Vert.x, next to the API of node n1).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ApiAdminServicesTest {
  private static ApiFixture api;
  private static String agent;
  /** Every command that reached a node agent's address, to show that refused requests went nowhere. */
  private static final List<JsonObject> forwarded = new CopyOnWriteArrayList<>();
  private static MessageConsumer<JsonObject> tap;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of("node.id", "n1"));
    agent = vertx.deployVerticle(new NodeAgentVerticle(new RoleDeployer(vertx, Readiness.NONE)),
        new DeploymentOptions().setConfig(new JsonObject()
        .put("node.id", "n2").put("shell.host", "127.0.0.1").put("shell.port", String.valueOf(Ports.freeTcp()))
        .put("service.timeout-ms", "20000"))).await();
    // A local consumer on the API's own node address sees every command sent there (n1 runs no agent).
    tap = vertx.eventBus().consumer(Addresses.NODE_SERVICE.at("n1").address(), m -> {
      forwarded.add(m.body());
      m.fail(500, "the test's tap does not serve commands");
    });
    tap.completion().await();
  }

  @AfterAll
  static void stop(Vertx vertx) {
    tap.unregister().await();
    vertx.undeploy(agent).await();
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  private static HttpResponse<Buffer> service(String node, String action, String role) {
    return api.admin(HttpMethod.POST, "/api/admin/nodes/" + node + "/services",
        new JsonObject().put("action", action).put("role", role));
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String error, String message) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo(error);
    assertThat(response.bodyAsJsonObject().getString("message")).contains(message);
  }

  @Test
  void shellRoleIsDeployedAndUndeployedOnAnotherNodeWithTheNodesAnswers() {
    // WHEN the admin deploys the shell role on node n2
    HttpResponse<Buffer> deployed = service("n2", "deploy", "shell");
    // THEN the node's answer comes back: deployed there under a deployment id
    assertThat(deployed.statusCode()).as(deployed.bodyAsString()).isEqualTo(200);
    JsonObject body = deployed.bodyAsJsonObject();
    assertThat(body.getString("node")).isEqualTo("n2");
    assertThat(body.getString("action")).isEqualTo("deployed");
    assertThat(body.getJsonArray("deploymentIds")).hasSize(1);
    assertThat(api.vertx.deploymentIDs()).contains(body.getJsonArray("deploymentIds").getString(0));
    // AND deploying it again is the node's 409
    assertError(service("n2", "deploy", "shell"), 409, "conflict", "role shell already runs on node n2");
    // WHEN it is undeployed THEN it is gone, and undeploying it again is the node's 404
    HttpResponse<Buffer> undeployed = service("n2", "undeploy", "shell");
    assertThat(undeployed.statusCode()).as(undeployed.bodyAsString()).isEqualTo(200);
    assertThat(undeployed.bodyAsJsonObject().getString("action")).isEqualTo("undeployed");
    assertThat(api.vertx.deploymentIDs()).doesNotContain(body.getJsonArray("deploymentIds").getString(0));
    assertError(service("n2", "undeploy", "shell"), 404, "not_found", "role shell does not run on node n2");
  }

  @Test
  void withoutTheAdminTokenIs401AndNothingIsForwarded() {
    int before = forwarded.size();
    HttpResponse<Buffer> response = api.send(HttpMethod.POST, "/api/admin/nodes/n1/services",
        new JsonObject().put("action", "deploy").put("role", "shell"), null);
    assertError(response, 401, "unauthorized", "admin token");
    HttpResponse<Buffer> wrong = api.send(HttpMethod.POST, "/api/admin/nodes/n1/services",
        new JsonObject().put("action", "deploy").put("role", "shell"), "not-the-token-at-all");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(forwarded).hasSize(before);
  }

  @Test
  void badCommandIs400NamingTheFieldAndNothingIsForwarded() {
    int before = forwarded.size();
    assertError(service("n1", "restart", "shell"), 400, "bad_request", "field 'action' must be 'deploy' or 'undeploy'");
    assertError(service("n1", "deploy", "ops"), 400, "bad_request", "field 'role' must be one of api, controller");
    assertError(api.admin(HttpMethod.POST, "/api/admin/nodes/n1/services", new JsonObject().put("role", "shell")),
        400, "bad_request", "'action'");
    assertError(api.admin(HttpMethod.POST, "/api/admin/nodes/n1/services",
        new JsonObject().put("action", "deploy").put("role", "shell").put("force", true)), 400, "bad_request",
        "'force'");
    assertError(service("n%20x", "deploy", "shell"), 400, "bad_request", "node must be 1 to 64 letters");
    assertThat(forwarded).hasSize(before);
  }

  @Test
  void undeployingTheApiServingTheRequestIs409AndNothingIsForwarded() {
    int before = forwarded.size();
    assertError(service("n1", "undeploy", "api"), 409, "conflict", "would cut it off");
    assertThat(forwarded).hasSize(before);
  }

  @Test
  void nodeThatDoesNotAnswerIs503() {
    assertError(service("n9", "deploy", "shell"), 503, "unavailable", "nanoedge.node.service.n9");
  }
}
