package io.nanoedge.api;

import io.nanoedge.health.Readiness;
import io.nanoedge.testkit.Eventually;
import io.vertx.ext.healthchecks.HealthChecks;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;

/**
 * A running api role for tests: a fresh database on the real MariaDB, free ports, known secrets, and an
 * HTTP client. Blocking helpers ({@code await}) keep the tests readable; they run on the JUnit thread.
 */
final class ApiFixture {
  static final String TOKEN = "test-admin-token-0123456789";
  static final String TAG_KEY = "test-tag-key-0123456789abcdef";
  static final String PSK_IDENTITY = "nanoedge-test";
  static final String PSK_KEY = "test-psk-secret-42";
  static final String DEVICE_KEY = "test-device-key-0123456789";

  final Vertx vertx;
  final String dbUrl;
  final int httpPort;
  final int coapPort;
  final int coapsPort;
  final ApiVerticle verticle = new ApiVerticle();
  /** The readiness of this test's node: the API's procedures land here, as on a real node. */
  final HealthChecks readiness;
  final WebClient web;
  private String deploymentId;

  private ApiFixture(Vertx vertx, String dbUrl) {
    this.vertx = vertx;
    this.dbUrl = dbUrl;
    this.httpPort = Ports.freeTcp();
    this.coapPort = Ports.freeUdp();
    this.coapsPort = Ports.freeUdp();
    this.readiness = HealthChecks.create(vertx);
    verticle.readiness(Readiness.of(readiness));
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(httpPort));
  }

  static ApiFixture start(Vertx vertx, Map<String, String> extra) {
    return start(vertx, TestDatabase.createDatabase(), extra, true);
  }

  /** Deploys the role against {@code dbUrl}; waits for readiness when {@code awaitReady}. */
  static ApiFixture start(Vertx vertx, String dbUrl, Map<String, String> extra, boolean awaitReady) {
    ApiFixture f = new ApiFixture(vertx, dbUrl);
    JsonObject config = new JsonObject().put("db.url", dbUrl).put("admin.token", TOKEN).put("tag.key", TAG_KEY)
        .put("http.host", "127.0.0.1").put("http.port", String.valueOf(f.httpPort))
        .put("coap.host", "127.0.0.1").put("coap.port", String.valueOf(f.coapPort))
        .put("coaps.port", String.valueOf(f.coapsPort)).put("coap.psk-identity", PSK_IDENTITY)
        .put("coap.psk-key", PSK_KEY).put("device.key", DEVICE_KEY).put("bus.timeout-ms", "1000");
    extra.forEach(config::put);
    f.deploymentId = vertx.deployVerticle(f.verticle, new DeploymentOptions().setConfig(config)).await();
    if (awaitReady) {
      f.awaitReady(true);
    }
    return f;
  }

  /** Waits until the node's readiness is {@code up} (or fails after 20 s). */
  void awaitReady(boolean up) {
    Eventually.until("readiness is " + (up ? "UP" : "DOWN"), () -> readiness.checkStatus().await().getUp() == up,
        Duration.ofSeconds(20));
  }

  void stop() {
    if (deploymentId != null) {
      vertx.undeploy(deploymentId).await();
    }
    web.close();
  }

  HttpResponse<Buffer> admin(HttpMethod method, String uri, Object body) {
    return send(method, uri, body, TOKEN);
  }

  HttpResponse<Buffer> send(HttpMethod method, String uri, Object body, String token) {
    HttpRequest<Buffer> request = web.request(method, uri);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    if (body == null) {
      return request.send().await();
    }
    if (body instanceof JsonObject json) {
      return request.putHeader("Content-Type", "application/json").sendBuffer(json.toBuffer()).await();
    }
    return request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString())).await();
  }

  /** POSTs and returns the created item, failing the test unless the answer is 201. */
  JsonObject create(String collection, JsonObject body) {
    HttpResponse<Buffer> response = admin(HttpMethod.POST, "/api/" + collection, body);
    if (response.statusCode() != 201) {
      throw new AssertionError("POST /api/" + collection + " " + body + " → " + response.statusCode() + " "
          + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  long count(String table) {
    return TestDatabase.count(dbUrl, table);
  }

  JsonObject person(String name) {
    return create("persons", new JsonObject().put("name", name));
  }

  JsonObject room(String name, String location, String entrance) {
    return create("rooms", new JsonObject().put("name", name).put("location", location).put("capacity", 8)
        .put("entrances", new io.vertx.core.json.JsonArray().add(entrance))
        .put("ledPath", new io.vertx.core.json.JsonArray().add("led-1").add("led-2")));
  }

  JsonObject event(long roomId, String title, String start, String end) {
    return create("events", new JsonObject().put("title", title).put("roomId", roomId).put("start", start)
        .put("end", end));
  }
}
