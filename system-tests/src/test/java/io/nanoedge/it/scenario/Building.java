package io.nanoedge.it.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import io.nanoedge.agent.RoleDeployer;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.config.Role;
import io.nanoedge.health.Readiness;
import io.nanoedge.testkit.ControllerHarness;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import static io.nanoedge.testkit.ControllerHarness.eventually;

/**
 * One building for the end-to-end tests, in the test's Vert.x: a fresh database on the real MariaDB, the real
 * role verticles deployed with per-instance config (the way the demo deploys its devices), the HTTP API as Alice
 * uses it, and what {@code status_log} holds.
 */
final class Building {
  static final String TOKEN = "e2e-admin-token-0123456789";
  static final String KIOSK_CODE = "e2e-kiosk-code-0123456789";
  static final String ENTRANCE = "entrance";
  static final String ROOM = "room-r";
  static final List<String> CORRIDOR = List.of("corridor-1", "corridor-2", "corridor-3");
  static final Duration WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Vertx vertx;
  final String dbUrl = TestDatabase.createDatabase();
  final int httpPort = Ports.freeTcp();
  final int displayPort = Ports.freeTcp();
  final String api = "http://127.0.0.1:" + httpPort;
  /** Config every role instance starts from: small timings, so a story plays in seconds. */
  private final JsonObject base;
  /** This building's node: its readiness procedures and how it deploys a role, as a real node does. */
  private final HealthChecks readiness;
  private final RoleDeployer roles;

  Building(Vertx vertx) {
    this.vertx = vertx;
    this.readiness = HealthChecks.create(vertx);
    this.roles = new RoleDeployer(vertx, Readiness.of(readiness));
    base = new JsonObject().put("node.id", "e2e").put("db.url", dbUrl).put("admin.token", TOKEN)
        .put("tag.key", "e2e-tag-key-0123456789")
        .put("device.key", "e2e-device-key-0123456789").put("http.host", "127.0.0.1").put("http.port", str(httpPort))
        .put("coap.host", "127.0.0.1").put("coap.port", udp()).put("coaps.port", udp())
        .put("bus.timeout-ms", "2000").put("scan.window-ms", "300").put("scan.margin-ms", "400")
        .put("room.scan-window-ms", "300").put("guide.segment-ms", "200").put("guide.timeout-ms", "10000")
        .put("presence.hold-ms", "100").put("presence.debounce-ms", "0").put("admit.expiry-ms", "1000")
        .put("controller.lease-ms", "600").put("display.port", str(displayPort))
        .put("display.pairing-code", KIOSK_CODE);
  }

  /** Deploys one instance of {@code role} with the building's config plus {@code instance}. */
  Building deploy(Role role, Map<String, String> instance) {
    JsonObject config = base.copy();
    instance.forEach(config::put);
    ControllerHarness.await(roles.deploy(role, config));
    return this;
  }

  /** Waits until every readiness procedure of the node is up (
      the API's database among them) and the controller leads. */
  void awaitReady() {
    eventually("the node is ready", () -> ControllerHarness.await(readiness.checkStatus()).getUp(),
        WAIT);
    ControllerHarness.awaitLeader(vertx, WAIT);
  }

  /** Room R on the corridor from the entrance, and a meeting there starting in 5 minutes; returns the event id. */
  long meeting(long host, List<Long> participants) throws Exception {
    long room = create("/api/rooms", new JsonObject().put("name", "Room R").put("location", ROOM)
        .put("capacity", 8).put("entrances", new JsonArray().add(ENTRANCE)).put("ledPath", new JsonArray(CORRIDOR)));
    Instant start = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    return create("/api/events", new JsonObject().put("title", "Budget review").put("roomId", room)
        .put("start", start.toString()).put("end", start.plus(1, ChronoUnit.HOURS).toString()).put("hostId", host)
        .put("participantIds", new JsonArray(new ArrayList<>(participants))));
  }

  // ---- the simulated world

  /** When the last beacon put in range at each location leaves it. */
  private final Map<String, Instant> beaconsUntil = new java.util.concurrent.ConcurrentHashMap<>();

  void simulateTag(String location, String tag) {
    beaconsUntil.put(location, Instant.now().plusSeconds(1).plusMillis(50));
    ControllerHarness.await(Bus.requestJson(vertx.eventBus(), Addresses.SIMULATE_TAG.at(location).address(),
        new JsonObject().put("tag", tag).put("seconds", 1)));
  }

  /**
   * Waits until every beacon put in range at {@code location} has left it: the simulated scanner keeps a beacon
   * for the seconds it was given, so this waits for that known end, not for a guessed time.
   */
  void awaitNoTagsAt(String location) {
    Instant gone = beaconsUntil.getOrDefault(location, Instant.EPOCH);
    eventually("the beacons at " + location + " have left (" + gone + ")", () -> Instant.now().isAfter(gone), WAIT);
  }

  void simulateMotion(String location) {
    ControllerHarness.await(Bus.requestJson(vertx.eventBus(), Addresses.SIMULATE_MOTION.at(location).address(),
        new JsonObject()));
  }

  // ---- what is stored

  /** The newest visit opened at {@code location}, once its statuses are exactly {@code expected}. */
  String awaitVisit(String location, List<String> expected) {
    String[] id = new String[1];
    eventually("a visit at " + location + " stored " + expected, () -> {
      List<String> ids = column("SELECT subject_id FROM status_log WHERE kind = 'VISIT' AND seq = 1"
          + " AND data LIKE '%\"location\":\"" + location + "\"%' ORDER BY id DESC LIMIT 1");
      id[0] = ids.isEmpty() ? null : ids.get(0);
      return id[0] != null && statuses(id[0]).equals(expected);
    }, WAIT);
    return id[0];
  }

  void awaitStatuses(String subject, List<String> expected) {
    eventually(subject + " stored " + expected + " (has " + statuses(subject) + ")",
        () -> statuses(subject).equals(expected), WAIT);
  }

  List<String> statuses(String subject) {
    return column("SELECT status FROM status_log WHERE subject_id = '" + subject + "' ORDER BY seq");
  }

  String journeyOf(String visit, long personId) {
    String[] id = new String[1];
    eventually("a journey of person " + personId + " in " + visit, () -> {
      List<String> ids = column("SELECT subject_id FROM status_log WHERE kind = 'JOURNEY' AND visit_id = '" + visit
          + "' AND seq = 1 AND data REGEXP '\"personId\":" + personId + "[,}]'");
      id[0] = ids.isEmpty() ? null : ids.get(0);
      return id[0] != null;
    }, WAIT);
    return id[0];
  }

  List<String> column(String sql) {
    List<String> values = new ArrayList<>();
    TestDatabase.query(dbUrl, sql).forEach(row -> values.add(row.getString(0)));
    return values;
  }

  void drop() {
    TestDatabase.dropDatabase(dbUrl);
  }

  // ---- the API, as Alice uses it

  long create(String path, JsonObject body) throws Exception {
    return new JsonObject(post(path, body, 201)).getLong("id");
  }

  String post(String path, JsonObject body, int expected) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(api + path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())), expected);
  }

  JsonObject get(String path) throws Exception {
    return new JsonObject(send(HttpRequest.newBuilder(URI.create(api + path)).GET(), 200));
  }

  /** Sends with the admin token; asserts the status code and returns the body. */
  static String send(HttpRequest.Builder request, int expected) throws Exception {
    HttpResponse<String> response = HTTP.send(request.header("authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(() -> response.request().method() + " " + response.request().uri()
        + " answered " + response.body()).isEqualTo(expected);
    return response.body();
  }

  /** GETs {@code path} from the room display as its paired kiosk (pairing first); asserts 200 and returns the body. */
  String display(String path) throws Exception {
    HttpResponse<String> paired = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + displayPort
        + "/?pair=" + KIOSK_CODE)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(paired.statusCode()).as(paired::body).isEqualTo(303);
    String cookie = paired.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + displayPort
        + path)).header("cookie", cookie).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response::body).isEqualTo(200);
    return response.body();
  }

  static String str(int port) {
    return String.valueOf(port);
  }

  static String udp() {
    return str(Ports.freeUdp());
  }
}
