package io.nanoedge.demo;

import io.nanoedge.api.ApiKeys;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Empty;
import io.nanoedge.bus.SimulatedTag;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.launcher.Node;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The seed scenario played against a running demo node, the way people and devices would: Alice's meeting is
 * booked through the HTTP API, badges and footsteps come from the simulated drivers (the same event-bus
 * commands as the shell's {@code simulate}), David is admitted through the HTTP API, and every status stored
 * is printed as it happens.
 */
final class DemoScenario {
  /** The demo host's console login, printed by the demo (a demo only: anyone reading this knows it). */
  static final String HOST_LOGIN = "alice";
  static final String HOST_PASSWORD = "alice-demo-password";
  private static final String BOB_TAG = "AA:BB:CC:00:00:01";
  private static final String CARL_TAG = "AA:BB:CC:00:00:02";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final Node node;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String api;
  private final String token;
  private final BlockingQueue<StatusRecord> seen = new LinkedBlockingQueue<>();
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final long started = System.nanoTime();

  DemoScenario(Node node, NanoConfig config, PrintStream out) {
    this.node = node;
    this.out = out;
    this.api = "http://127.0.0.1:" + config.integer(ApiKeys.HTTP_PORT);
    this.token = config.string(ApiKeys.ADMIN_TOKEN);
  }

  void play() throws Exception {
    MessageConsumer<Object> timeline = Bus.subscribe(node.vertx().eventBus(), Addresses.STATUS_CHANGED, record -> {
      print(record);
      seen.add(record);
    });
    timeline.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      script();
    } finally {
      timeline.unregister();
    }
  }

  private void script() throws Exception {
    say("Alice books \"Budget review\" in Room R for Bob, Carl and David (through the HTTP API)");
    if (get("/api/rooms").getLong("total") > 0) {
      say("the database already holds rooms: the scripted scenario needs an empty one, so it is skipped");
      return;
    }
    long alice = create("/api/persons", new JsonObject().put("name", "Alice").put("email", "alice@example.org"));
    long bob = create("/api/persons", new JsonObject().put("name", "Bob"));
    long carl = create("/api/persons", new JsonObject().put("name", "Carl"));
    long david = create("/api/persons", new JsonObject().put("name", "David"));
    // The host console: Alice's account and two meeting templates to book from.
    create("/api/accounts", new JsonObject().put("username", HOST_LOGIN).put("password", HOST_PASSWORD)
        .put("role", "host").put("personId", alice));
    create("/api/templates", new JsonObject().put("name", "Meeting with documents").put("title", "Review")
        .put("durationMinutes", 60).put("leadMinutes", 10).put("documents", new JsonArray().add("agenda.md"))
        .put("guestsAllowed", true).put("description", "The documents are shown to the first arrival"));
    create("/api/templates", new JsonObject().put("name", "Visitor interview").put("title", "Interview")
        .put("durationMinutes", 45).put("leadMinutes", 15).put("guestsAllowed", true));
    long room = create("/api/rooms", new JsonObject().put("name", "Room R").put("location", Demo.ROOM)
        .put("capacity", 8).put("entrances", new JsonArray().add(Demo.ENTRANCE))
        .put("ledPath", new JsonArray(Demo.CORRIDOR)));
    create("/api/tags", new JsonObject().put("tagId", BOB_TAG).put("personId", bob).put("label", "Bob's badge"));
    create("/api/tags", new JsonObject().put("tagId", CARL_TAG).put("personId", carl)
        .put("label", "visitor tag registered by Alice"));
    Instant start = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    long event = create("/api/events", new JsonObject().put("title", "Budget review").put("roomId", room)
        .put("start", start.toString()).put("end", start.plus(1, ChronoUnit.HOURS).toString()).put("hostId", alice)
        .put("participantIds", new JsonArray().add(bob).add(carl).add(david)));
    upload(event, "agenda.md", "text/markdown",
        "# Budget review\n\n1. Figures for Q4\n2. Hiring\n3. Any other business\n");
    upload(event, "figures.csv", "text/csv", "quarter,spend\nQ3,1200\nQ4,1350\n");
    names.put("person:" + bob, "Bob");
    names.put("person:" + carl, "Carl");

    say("Bob walks into the entrance corridor wearing his badge");
    simulateTag(Demo.ENTRANCE, BOB_TAG, 4);
    simulateMotion(Demo.ENTRANCE);
    StatusRecord bobAuth = await(r -> journeyOf(r, bob) && r.status().wire().equals("AUTHENTICATED"));
    say("the LEDs along " + String.join(" → ", Demo.CORRIDOR) + " guide Bob to Room R; he reaches the door");
    Thread.sleep(2500);
    simulateTag(Demo.ROOM, BOB_TAG, 2);
    simulateMotion(Demo.ROOM);
    await(r -> r.id().equals(bobAuth.id()) && r.status().wire().endsWith("PRESENTED"));

    Thread.sleep(2500);
    say("Carl arrives with the tag Alice registered for him");
    simulateTag(Demo.ENTRANCE, CARL_TAG, 4);
    simulateMotion(Demo.ENTRANCE);
    StatusRecord carlAuth = await(r -> journeyOf(r, carl) && r.status().wire().equals("AUTHENTICATED"));
    Thread.sleep(2500);
    simulateTag(Demo.ROOM, CARL_TAG, 2);
    simulateMotion(Demo.ROOM);
    await(r -> r.id().equals(carlAuth.id()) && r.status().wire().endsWith("GUIDED"));
    say("Carl is not the first to arrive: the documents are already on the display, his journey ends at GUIDED");

    Thread.sleep(3000);
    say("David has no tag: the scanner sees nobody and his visit waits for the host");
    simulateMotion(Demo.ENTRANCE);
    StatusRecord pending = await(r -> r.kind() == StatusRecord.Kind.VISIT && r.status().wire().equals("SCANNED")
        && r.data().getInteger("tags", -1) == 0);
    say("Alice sees the pending visit " + pending.visitId() + " and admits David by hand");
    post("/api/visits/" + pending.visitId() + "/admit", new JsonObject().put("guestName", "David").put("eventId", event)
        .put("by", "Alice"));
    StatusRecord davidAuth = await(r -> r.kind() == StatusRecord.Kind.JOURNEY && r.visitId().equals(pending.visitId())
        && r.status().wire().equals("AUTHENTICATED"));
    Thread.sleep(2500);
    simulateMotion(Demo.ROOM);
    await(r -> r.id().equals(davidAuth.id()) && r.status().wire().endsWith("GUIDED"));

    say("Bob's visit as the API stores it (GET /api/visits/" + bobAuth.visitId() + "):");
    JsonObject visit = get("/api/visits/" + bobAuth.visitId());
    printTimeline("visit " + visit.getString("id"), visit.getJsonArray("timeline"));
    for (Object journey : visit.getJsonArray("journeys")) {
      JsonObject j = (JsonObject) journey;
      printTimeline("journey " + j.getString("id"), j.getJsonArray("timeline"));
    }
    say("the scenario is complete");
  }

  private void printTimeline(String subject, JsonArray timeline) {
    StringBuilder line = new StringBuilder("             ").append(subject).append(":");
    for (Object item : timeline) {
      JsonObject r = (JsonObject) item;
      line.append(" ").append(r.getInteger("seq")).append(" ").append(r.getString("status")).append(",");
    }
    out.println(line.substring(0, line.length() - 1));
  }

  private boolean journeyOf(StatusRecord r, long personId) {
    return r.kind() == StatusRecord.Kind.JOURNEY && r.data().getLong("personId", -1L) == personId;
  }

  private StatusRecord await(Predicate<StatusRecord> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      StatusRecord r = seen.poll(100, TimeUnit.MILLISECONDS);
      if (r != null && wanted.test(r)) {
        return r;
      }
    }
    throw new IllegalStateException("the expected status did not arrive within " + STEP_TIMEOUT.toSeconds() + " s");
  }

  private void print(StatusRecord r) {
    String who = r.kind() == StatusRecord.Kind.VISIT ? "visit   " + r.id()
        : "journey " + names.computeIfAbsent(r.id(), id -> r.data().getString("guestName",
            r.data().getString("personName", r.id())));
    String detail = r.reason() != null ? r.reason()
        : r.data().containsKey("tags") ? r.data().getInteger("tags") + " tag(s) in range"
        : r.data().containsKey("eventTitle") && r.seq() == 1 ? r.data().getString("eventTitle") + " → "
            + r.data().getString("roomLocation") : "";
    out.printf("  %6.2f s  %-45s #%d %-18s %s%n", (System.nanoTime() - started) / 1e9, who, r.seq(),
        r.status().wire(), detail);
  }

  private void say(String text) {
    out.printf("  %6.2f s  ── %s%n", (System.nanoTime() - started) / 1e9, text);
  }

  private void simulateTag(String location, String tag, int seconds) throws Exception {
    Bus.request(node.vertx().eventBus(), Addresses.SIMULATE_TAG.at(location), new SimulatedTag(tag, seconds, -60))
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private void simulateMotion(String location) throws Exception {
    Bus.request(node.vertx().eventBus(), Addresses.SIMULATE_MOTION.at(location), Empty.INSTANCE)
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private long create(String path, JsonObject body) throws IOException, InterruptedException {
    return post(path, body).getLong("id");
  }

  private JsonObject post(String path, JsonObject body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(api + path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private JsonObject get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(api + path)).GET());
  }

  private void upload(long event, String name, String type, String text) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(URI.create(api + "/api/events/" + event + "/documents?name=" + name))
        .header("content-type", type).POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
  }

  private JsonObject send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.header("authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
          + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

}
