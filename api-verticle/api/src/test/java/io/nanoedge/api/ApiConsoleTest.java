package io.nanoedge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's backend over real HTTP on the real database: accounts with BCrypt-hashed passwords, sign-in to a
 * {@code __Host-} session cookie with a CSRF token, the sign-in throttle, a host account held to its own meetings by
 * the API's access rules, templates, and the live board's event stream scoped like the visits API.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ApiConsoleTest {
  private static final String COOKIE = "__Host-nanoedge-session";
  private static final String ALICE_PASSWORD = "alice-password-1";
  private static ApiFixture api;
  private static Vertx vertx;
  private static long alice;
  private static long bob;
  private static long room;
  private static long aliceEvent;
  private static long bobEvent;
  private final List<HttpClient> streams = new ArrayList<>();

  /** A signed-in browser: its cookie value and the CSRF token the session answered. */
  record Browser(String cookie, String csrf) {
  }

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    api = ApiFixture.start(vertx, Map.of("console.bcrypt-cost", "4", "console.signin-account-failures", "3",
        "console.signin-address-failures", "50", "console.board-max-clients", "2"));
    alice = api.person("Alice").getLong("id");
    bob = api.person("Bob").getLong("id");
    room = api.room("Room R", "room-r", "entrance").getLong("id");
    aliceEvent = api.create("events", new JsonObject().put("title", "Alice's review").put("roomId", room)
        .put("start", "2030-02-10T09:00:00Z").put("end", "2030-02-10T10:00:00Z").put("hostId", alice)).getLong("id");
    bobEvent = api.create("events", new JsonObject().put("title", "Bob's secret").put("roomId", room)
        .put("start", "2030-02-10T11:00:00Z").put("end", "2030-02-10T12:00:00Z").put("hostId", bob)).getLong("id");
    account("alice", ALICE_PASSWORD, "host", alice);
    account("bob", "bob-password-22", "host", bob);
    account("root", "root-password-333", "admin", null);
  }

  @AfterAll
  static void stop() {
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  @AfterEach
  void closeStreams() {
    streams.forEach(c -> c.close().await());
  }

  private static JsonObject account(String username, String password, String role, Long personId) {
    return api.create("accounts", new JsonObject().put("username", username).put("password", password)
        .put("role", role).put("personId", personId));
  }

  private static HttpResponse<Buffer> signInResponse(String username, String password) {
    return api.web.post("/api/session").putHeader("Content-Type", "application/json")
        .sendBuffer(new JsonObject().put("username", username).put("password", password).toBuffer()).await();
  }

  private static Browser signIn(String username, String password) {
    HttpResponse<Buffer> response = signInResponse(username, password);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    String setCookie = response.cookies().get(0);
    String value = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    return new Browser(value, response.bodyAsJsonObject().getString("csrfToken"));
  }

  /** A request as the browser sends it: the cookie always, the CSRF header when {@code csrf} is given. */
  private static HttpResponse<Buffer> call(Browser b, HttpMethod method, String uri, JsonObject body, String csrf) {
    HttpRequest<Buffer> request = api.web.request(method, uri).putHeader("Cookie", COOKIE + "=" + b.cookie());
    if (csrf != null) {
      request.putHeader("X-CSRF-Token", csrf);
    }
    return body == null ? request.send().await()
        : request.putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()).await();
  }

  private static String row(String sql) {
    return TestDatabase.query(api.dbUrl, sql).iterator().next().toJson().encode();
  }

  @Test
  void signInSetsAHostOnlyHttpOnlyStrictCookieAndAnswersTheCsrfToken() {
    HttpResponse<Buffer> response = signInResponse("alice", ALICE_PASSWORD);
    assertThat(response.statusCode()).isEqualTo(200);
    String setCookie = response.cookies().get(0);
    assertThat(setCookie).startsWith(COOKIE + "=").contains("Path=/").containsIgnoringCase("HttpOnly")
        .contains("Secure").contains("SameSite=Strict").doesNotContain("Domain=");
    JsonObject session = response.bodyAsJsonObject();
    assertThat(session.getString("username")).isEqualTo("alice");
    assertThat(session.getString("role")).isEqualTo("host");
    assertThat(session.getLong("personId")).isEqualTo(alice);
    assertThat(session.getString("csrfToken")).hasSize(43);
    Browser b = signIn("alice", ALICE_PASSWORD);
    JsonObject me = call(b, HttpMethod.GET, "/api/session", null, null).bodyAsJsonObject();
    assertThat(me.getString("personName")).isEqualTo("Alice");
    assertThat(me.getString("csrfToken")).isEqualTo(b.csrf());
  }

  @Test
  void passwordsAreStoredOnlyAsBcryptHashesAndNeverAnswered() {
    String hash = TestDatabase.query(api.dbUrl, "SELECT password_hash FROM accounts WHERE username = 'alice'")
        .iterator().next().getString("password_hash");
    assertThat(hash).startsWith("$2a$04$").doesNotContain(ALICE_PASSWORD);
    JsonArray accounts = api.admin(HttpMethod.GET, "/api/accounts", null).bodyAsJsonObject().getJsonArray("items");
    assertThat(accounts.encode()).doesNotContain("password").doesNotContain("$2a$");
    assertThat(accounts.stream().map(o -> ((JsonObject) o).getString("username"))).contains("alice", "bob", "root");
  }

  @Test
  void badAccountInputIsRefusedNamingTheFieldAndStoresNothing() {
    long before = api.count("accounts");
    HttpResponse<Buffer> shortPassword = api.admin(HttpMethod.POST, "/api/accounts", new JsonObject()
        .put("username", "carl").put("password", "short").put("role", "host").put("personId", alice));
    assertThat(shortPassword.statusCode()).isEqualTo(400);
    assertThat(shortPassword.bodyAsJsonObject().getString("message")).contains("'password'");
    HttpResponse<Buffer> hostWithoutPerson = api.admin(HttpMethod.POST, "/api/accounts", new JsonObject()
        .put("username", "carl").put("password", "carl-password-1").put("role", "host"));
    assertThat(hostWithoutPerson.bodyAsJsonObject().getString("message")).contains("'personId'");
    HttpResponse<Buffer> taken = api.admin(HttpMethod.POST, "/api/accounts", new JsonObject()
        .put("username", "alice").put("password", "alice-password-2").put("role", "admin"));
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(api.count("accounts")).isEqualTo(before);
  }

  @Test
  void aHostSessionSeesAndChangesOnlyTheHostsOwnMeetings() {
    Browser b = signIn("alice", ALICE_PASSWORD);
    JsonArray events = call(b, HttpMethod.GET, "/api/events", null, null).bodyAsJsonObject().getJsonArray("items");
    assertThat(events.stream().map(o -> ((JsonObject) o).getLong("id"))).containsExactly(aliceEvent);
    assertThat(call(b, HttpMethod.GET, "/api/events/" + bobEvent, null, null).statusCode()).isEqualTo(404);
    String before = row("SELECT * FROM events WHERE id = " + bobEvent);
    // WHEN Alice edits the request by hand to change Bob's meeting THEN it is answered like a missing one
    JsonObject takeOver = new JsonObject().put("title", "mine now").put("roomId", room)
        .put("start", "2030-02-10T11:00:00Z").put("end", "2030-02-10T12:00:00Z").put("hostId", alice);
    assertThat(call(b, HttpMethod.PUT, "/api/events/" + bobEvent, takeOver, b.csrf()).statusCode()).isEqualTo(404);
    assertThat(call(b, HttpMethod.DELETE, "/api/events/" + bobEvent, null, b.csrf()).statusCode()).isEqualTo(404);
    assertThat(row("SELECT * FROM events WHERE id = " + bobEvent)).isEqualTo(before);
    // AND the administration stays closed to a host
    assertThat(call(b, HttpMethod.GET, "/api/accounts", null, null).statusCode()).isEqualTo(403);
    assertThat(call(b, HttpMethod.POST, "/api/tags", new JsonObject().put("tagId", "AA:BB:CC:00:00:09")
        .put("personId", alice), b.csrf()).statusCode()).isEqualTo(403);
  }

  @Test
  void aChangeWithoutTheSessionsCsrfTokenIsRefusedAndStoresNothing() {
    Browser b = signIn("alice", ALICE_PASSWORD);
    Browser other = signIn("bob", "bob-password-22");
    JsonObject booking = new JsonObject().put("title", "Planning").put("roomId", room)
        .put("start", "2030-03-01T09:00:00Z").put("end", "2030-03-01T10:00:00Z");
    long before = api.count("events");
    HttpResponse<Buffer> none = call(b, HttpMethod.POST, "/api/events", booking, null);
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.bodyAsJsonObject().getString("message")).contains("X-CSRF-Token");
    // Another session's token is no better than none.
    assertThat(call(b, HttpMethod.POST, "/api/events", booking, other.csrf()).statusCode()).isEqualTo(403);
    assertThat(api.count("events")).isEqualTo(before);
    HttpResponse<Buffer> booked = call(b, HttpMethod.POST, "/api/events", booking, b.csrf());
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    // The host of a booking made in a host's session is that host, whatever the form said.
    assertThat(booked.bodyAsJsonObject().getLong("hostId")).isEqualTo(alice);
    api.admin(HttpMethod.DELETE, "/api/events/" + booked.bodyAsJsonObject().getLong("id"), null);
  }

  @Test
  void aHostListsTheGuestsExpectedAtTheirOwnMeetingOnly() {
    Browser b = signIn("alice", ALICE_PASSWORD);
    JsonObject guests = new JsonObject().put("guests", new JsonArray().add("David").add(" David ").add("Zoe"));
    HttpResponse<Buffer> set = call(b, HttpMethod.PUT, "/api/events/" + aliceEvent + "/guests", guests, b.csrf());
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    assertThat(set.bodyAsJsonObject().getJsonArray("guests")).containsExactly("David", "Zoe");
    assertThat(call(b, HttpMethod.PUT, "/api/events/" + bobEvent + "/guests", guests, b.csrf()).statusCode())
        .isEqualTo(404);
    assertThat(TestDatabase.count(api.dbUrl, "event_guests")).isEqualTo(2);
    HttpResponse<Buffer> bad = call(b, HttpMethod.PUT, "/api/events/" + aliceEvent + "/guests",
        new JsonObject().put("guests", "David"), b.csrf());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(call(b, HttpMethod.GET, "/api/events/" + aliceEvent + "/guests", null, null).bodyAsJsonObject()
        .getJsonArray("guests")).containsExactly("David", "Zoe");
  }

  @Test
  void anAdminAccountMayDoWhatTheAdminTokenDoes() {
    Browser root = signIn("root", "root-password-333");
    HttpResponse<Buffer> created = call(root, HttpMethod.POST, "/api/persons", new JsonObject().put("name", "Eve"),
        root.csrf());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(call(root, HttpMethod.GET, "/api/events/" + bobEvent, null, null).statusCode()).isEqualTo(200);
    assertThat(call(root, HttpMethod.GET, "/api/accounts", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongPasswordsAreRefusedAndThenThrottledEvenForTheRightOne() {
    account("dora", "dora-password-1", "host", alice);
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> wrong = signInResponse("dora", "not-her-password");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.bodyAsJsonObject().getString("message")).isEqualTo("wrong username or password");
      assertThat(wrong.cookies()).isEmpty();
    }
    HttpResponse<Buffer> throttled = signInResponse("dora", "dora-password-1");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.bodyAsJsonObject().getString("error")).isEqualTo("too_many_requests");
    assertThat(Long.parseLong(throttled.getHeader("Retry-After"))).isBetween(1L, 900L);
    assertThat(throttled.cookies()).isEmpty();
    // An unknown username gets the very answer a wrong password gets.
    HttpResponse<Buffer> unknown = signInResponse("nobody-here", "whatever-password");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.bodyAsJsonObject().getString("message")).isEqualTo("wrong username or password");
  }

  @Test
  void signingOutNeedsTheCsrfTokenAndEndsTheSession() {
    Browser b = signIn("alice", ALICE_PASSWORD);
    assertThat(call(b, HttpMethod.DELETE, "/api/session", null, null).statusCode()).isEqualTo(403);
    assertThat(call(b, HttpMethod.GET, "/api/events", null, null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> out = call(b, HttpMethod.DELETE, "/api/session", null, b.csrf());
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.cookies().get(0)).contains("Max-Age=0");
    HttpResponse<Buffer> after = call(b, HttpMethod.GET, "/api/events", null, null);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.bodyAsJsonObject().getString("message")).contains("sign in again");
    assertThat(call(b, HttpMethod.GET, "/api/session", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void changingAnAccountEndsItsSessions() {
    JsonObject erin = account("erin", "erin-password-1", "host", bob);
    Browser b = signIn("erin", "erin-password-1");
    api.admin(HttpMethod.PUT, "/api/accounts/" + erin.getLong("id"), new JsonObject().put("username", "erin")
        .put("role", "host").put("personId", alice));
    assertThat(call(b, HttpMethod.GET, "/api/events", null, null).statusCode()).isEqualTo(401);
    // The password was kept (PUT without one) and the account now acts for Alice.
    Browser again = signIn("erin", "erin-password-1");
    JsonArray events = call(again, HttpMethod.GET, "/api/events", null, null).bodyAsJsonObject()
        .getJsonArray("items");
    assertThat(events.stream().map(o -> ((JsonObject) o).getLong("id"))).contains(aliceEvent)
        .doesNotContain(bobEvent);
  }

  @Test
  void hostsReadTemplatesAndOnlyAdminsChangeThem() {
    JsonObject template = api.create("templates", new JsonObject().put("name", "Visitor interview")
        .put("title", "Interview").put("durationMinutes", 45).put("leadMinutes", 15)
        .put("documents", new JsonArray().add("cv.pdf")).put("guestsAllowed", true));
    Browser b = signIn("alice", ALICE_PASSWORD);
    JsonObject read = call(b, HttpMethod.GET, "/api/templates/" + template.getLong("id"), null, null)
        .bodyAsJsonObject();
    assertThat(read.getInteger("durationMinutes")).isEqualTo(45);
    assertThat(read.getJsonArray("documents")).containsExactly("cv.pdf");
    assertThat(read.getBoolean("guestsAllowed")).isTrue();
    long before = api.count("templates");
    assertThat(call(b, HttpMethod.POST, "/api/templates", new JsonObject().put("name", "Mine").put("title", "x")
        .put("durationMinutes", 30), b.csrf()).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> tooLong = api.admin(HttpMethod.POST, "/api/templates", new JsonObject().put("name", "Long")
        .put("title", "x").put("durationMinutes", 2000));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.bodyAsJsonObject().getString("message")).contains("'durationMinutes'");
    assertThat(api.count("templates")).isEqualTo(before);
  }

  /** Opens the board's stream with {@code cookie} (or none) and collects what arrives into {@code into}. */
  private HttpClientResponse openStream(String cookie, StringBuilder into) {
    HttpClient client = vertx.createHttpClient();
    streams.add(client);
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(api.httpPort)
        .setURI("/api/board/events").setMethod(HttpMethod.GET);
    if (cookie != null) {
      options.putHeader("Cookie", COOKIE + "=" + cookie);
    }
    // The handler is set as the response arrives, on its event loop, so no early chunk is missed.
    return client.request(options).compose(r -> r.send()).map(response -> {
      if (response.statusCode() == 200) {
        response.handler(chunk -> {
          synchronized (into) {
            into.append(chunk.toString());
          }
        });
      } else {
        response.body();
      }
      return response;
    }).await();
  }

  private static void append(StatusRecord record) {
    Bus.request(vertx.eventBus(), Addresses.STATUS_APPEND, record, Duration.ofSeconds(5)).await();
  }

  private static StatusRecord journey(String visitId, long personId, long eventId) {
    return new StatusRecord(StatusRecord.Kind.JOURNEY, visitId + "-" + personId, visitId, 1, Status.AUTHENTICATED,
        Instant.now(), null, new JsonObject().put("personId", personId).put("eventId", eventId).put("roomId", room));
  }

  private static StatusRecord visit(String id, int seq, Status status) {
    return new StatusRecord(StatusRecord.Kind.VISIT, id, id, seq, status, Instant.now(), null,
        new JsonObject().put("location", "entrance"));
  }

  @Test
  void theBoardStreamsAHostTheirOwnVisitsLiveAndNothingOfAnotherHosts() {
    Browser b = signIn("alice", ALICE_PASSWORD);
    StringBuilder seen = new StringBuilder();
    HttpClientResponse response = openStream(b.cookie(), seen);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    Eventually.until("the stream says hello", () -> text(seen).contains("event: hello"), Duration.ofSeconds(10));
    // WHEN a visit to Bob's meeting moves, then one to Alice's
    append(visit("v-board-bob", 1, Status.DETECTED));
    append(journey("v-board-bob", bob, bobEvent));
    append(visit("v-board-alice", 1, Status.DETECTED));
    append(journey("v-board-alice", alice, aliceEvent));
    // THEN Alice's visit arrives with its journey, and Bob's never does (the stream reads changes in order)
    Eventually.until("Alice's visit with its journey", () -> text(seen).contains("v-board-alice-" + alice),
        Duration.ofSeconds(10));
    assertThat(text(seen)).contains("event: visit").doesNotContain("v-board-bob-");
    // The visit at the entrance that nobody recognised yet shows too: Alice may be the one to admit it
    append(visit("v-board-waiting", 1, Status.DETECTED));
    append(visit("v-board-waiting", 2, Status.SCANNED));
    Eventually.until("the waiting visit as SCANNED", () -> text(seen).contains("\"status\":\"SCANNED\""),
        Duration.ofSeconds(10));
  }

  @Test
  void theBoardRefusesStrangersAndCapsItsStreams() {
    StringBuilder ignored = new StringBuilder();
    assertThat(openStream(null, ignored).statusCode()).isEqualTo(401);
    assertThat(openStream("forged-cookie-value", ignored).statusCode()).isEqualTo(401);
    Browser b = signIn("bob", "bob-password-22");
    assertThat(openStream(b.cookie(), new StringBuilder()).statusCode()).isEqualTo(200);
    assertThat(openStream(b.cookie(), new StringBuilder()).statusCode()).isEqualTo(200);
    HttpClientResponse third = openStream(b.cookie(), ignored);
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.getHeader("Retry-After")).isEqualTo("5");
  }

  @Test
  void theConsolePagesAreServedFromTheJarWithAStrictContentSecurityPolicy() {
    HttpResponse<Buffer> root = api.web.get("/").followRedirects(false).send().await();
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.getHeader("Location")).isEqualTo("/console/");
    HttpResponse<Buffer> index = api.web.get("/console/").send().await();
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.getHeader("Content-Type")).startsWith("text/html");
    String csp = index.getHeader("Content-Security-Policy");
    assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe");
    // No inline script (the policy would refuse it anyway): the one script element names its file.
    assertThat(index.bodyAsString()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
    assertThat(index.bodyAsString().split("<script", -1)).hasSize(2);
    for (String file : io.nanoedge.api.console.ConsolePages.FILES) {
      HttpResponse<Buffer> response = api.web.get("/console/" + file).send().await();
      assertThat(response.statusCode()).as(file).isEqualTo(200);
      assertThat(response.getHeader("Content-Security-Policy")).as(file).isEqualTo(csp);
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      if (file.endsWith(".js")) {
        assertThat(response.getHeader("Content-Type")).startsWith("text/javascript");
        // Offline from the internet: every module imports only its siblings, nothing from a CDN.
        assertThat(response.bodyAsString()).doesNotContain("http://").doesNotContain("https://")
            .doesNotContain("innerHTML").doesNotContain("eval(");
      }
    }
    assertThat(api.web.get("/console/nothing.js").send().await().statusCode()).isEqualTo(404);
  }

  private static String text(StringBuilder sb) {
    synchronized (sb) {
      return sb.toString();
    }
  }
}
