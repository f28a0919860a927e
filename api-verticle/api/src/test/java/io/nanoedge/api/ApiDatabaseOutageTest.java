package io.nanoedge.api;

import io.nanoedge.testkit.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.api.db.Migrations;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The role with the database going away and coming back. The shared MariaDB is never stopped: the API
 * reaches it through a {@link TcpProxy} that the test closes and reopens.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ApiDatabaseOutageTest {

  private static void assertUnavailable(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
  }

  @Test
  void databaseStoppedAnswers503AndComesBackWithoutRestart(Vertx vertx) {
    // GIVEN the API running through a proxy to the database, with data
    String direct = TestDatabase.createDatabase();
    int proxyPort = Ports.freeTcp();
    TcpProxy proxy = TcpProxy.toDatabase(vertx, proxyPort, direct);
    proxy.open();
    ApiFixture api = ApiFixture.start(vertx, TcpProxy.via(direct, proxyPort), Map.of("api.public-read", "true"), true);
    try (CoapTestClient coap = CoapTestClient.plain(api.coapPort)) {
      long id = api.person("Alice").getLong("id");
      // WHEN the database goes away
      proxy.close();
      // THEN reads and writes answer 503 JSON, over HTTP and CoAP, and the node is not ready
      assertUnavailable(api.admin(HttpMethod.GET, "/api/persons/" + id, null));
      assertUnavailable(api.admin(HttpMethod.POST, "/api/persons", new JsonObject().put("name", "Bob")));
      CoapResponse coapDown = coap.send(Code.GET, "/api/persons/" + id, null);
      assertThat(coapDown.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
      // AND a status append fails with 503, so the controller keeps the record and retries
      assertThatThrownBy(() -> Bus.requestJson(vertx.eventBus(), Addresses.STATUS_APPEND.address(), new StatusRecord(
          StatusRecord.Kind.VISIT, "down-1", null, 1, Status.INIT, null, null, null).toJson()).await())
          .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
      api.awaitReady(false);
      // WHEN it comes back
      proxy.open();
      long back = System.nanoTime();
      // THEN the same node is ready again and serves the data, no restart
      api.awaitReady(true);
      long readyMs = (System.nanoTime() - back) / 1_000_000;
      assertThat(readyMs).as("ready %d ms after the database returned", readyMs).isLessThan(3_000);
      HttpResponse<Buffer> read = api.admin(HttpMethod.GET, "/api/persons/" + id, null);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.bodyAsJsonObject().getString("name")).isEqualTo("Alice");
      assertThat(coap.send(Code.GET, "/api/persons/" + id, null).getCode()).isEqualTo(ResponseCode.CONTENT);
      // AND the write refused during the outage was not stored
      assertThat(TestDatabase.count(direct, "persons")).isEqualTo(1);
    } finally {
      api.stop();
      proxy.close();
      TestDatabase.dropDatabase(direct);
    }
  }

  @Test
  void restartOnAnExistingDatabaseKeepsDataAndAppliesNoMigrationTwice(Vertx vertx) {
    // GIVEN a database the role has migrated and written to
    String url = TestDatabase.createDatabase();
    ApiFixture first = ApiFixture.start(vertx, url, Map.of(), true);
    long id = first.person("Alice").getLong("id");
    first.stop();
    // WHEN the role starts again on it
    ApiFixture second = ApiFixture.start(vertx, url, Map.of(), true);
    try {
      // THEN the schema is recorded once and the data is still there
      assertThat(TestDatabase.count(url, "schema_version")).isEqualTo(Migrations.FILES.size());
      assertThat(second.admin(HttpMethod.GET, "/api/persons/" + id, null).statusCode()).isEqualTo(200);
    } finally {
      second.stop();
      TestDatabase.dropDatabase(url);
    }
  }

  @Test
  void roleStartsWithTheDatabaseDownAndMigratesWhenItAppears(Vertx vertx) {
    // GIVEN nothing listening where the database should be
    String direct = TestDatabase.createDatabase();
    int proxyPort = Ports.freeTcp();
    TcpProxy proxy = TcpProxy.toDatabase(vertx, proxyPort, direct);
    // WHEN the role starts
    ApiFixture api = ApiFixture.start(vertx, TcpProxy.via(direct, proxyPort), Map.of(), false);
    try {
      // THEN it runs, not ready, answering 503
      api.awaitReady(false);
      assertUnavailable(api.admin(HttpMethod.GET, "/api/rooms", null));
      // WHEN the database appears
      proxy.open();
      api.awaitReady(true);
      // THEN the schema is applied and the API works
      assertThat(TestDatabase.query(direct, "SELECT MAX(version) FROM schema_version").iterator().next().getInteger(0))
          .isEqualTo(Migrations.FILES.size());
      assertThat(api.admin(HttpMethod.POST, "/api/persons", new JsonObject().put("name", "Bob")).statusCode())
          .isEqualTo(201);
    } finally {
      api.stop();
      proxy.close();
      TestDatabase.dropDatabase(direct);
    }
  }
}
