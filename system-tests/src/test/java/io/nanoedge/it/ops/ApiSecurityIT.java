package io.nanoedge.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.shellclient.ShellClient;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.RawCoap;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * What an outsider on the building's network can do to an API node, repeated at volume (bounded in count and
 * time, loopback only), against a node started from the jar with the image's JVM flags (-Xmx96m, serial GC): uploads
 * without a token that never finish, hundreds of idle connections, a flood of CoAP first blocks on the plain port,
 * poison records (a location or a time the database cannot hold, control characters). Afterwards the node is still
 * ready, serves a normal visit end to end, its heap after a full GC is back under {@link #HEAP_BOUND_MB}, and the
 * stored rows are those it had. The tests run in order: the attacks, then the checks.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiSecurityIT {
  /** Heap in use after a full GC once the attacks are over; the node's own baseline is printed beside it. */
  static final int HEAP_BOUND_MB = 48;
  private static final String TOKEN = "security-admin-token-0123456789";
  private static final String BOB_TAG = "AA:BB:CC:00:00:01";
  private static final List<String> TABLES = List.of("persons", "rooms", "room_entrances", "tags", "events",
      "event_participants", "event_documents", "visits", "journeys", "status_log", "devices");
  private static final Duration ANSWER = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String dbUrl;
  private static NodeProcess node;
  private static int httpPort;
  private static int coapPort;
  private static int shellPort;
  private static long eventId;
  private static long roomId;
  private static Map<String, Long> rowsBefore;
  private static double baselineHeapMb;

  @BeforeAll
  static void start() throws Exception {
    dbUrl = TestDatabase.createDatabase();
    httpPort = Ports.freeTcp();
    coapPort = Ports.freeUdp();
    shellPort = Ports.freeTcp();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NANOEDGE_NODE_ID", "api-under-attack");
    env.put("NANOEDGE_OPS_PORT", Integer.toString(Ports.freeTcp()));
    env.put("NANOEDGE_HTTP_HOST", "127.0.0.1");
    env.put("NANOEDGE_HTTP_PORT", Integer.toString(httpPort));
    env.put("NANOEDGE_COAP_HOST", "127.0.0.1");
    env.put("NANOEDGE_COAP_PORT", Integer.toString(coapPort));
    env.put("NANOEDGE_COAPS_PORT", Integer.toString(Ports.freeUdp()));
    env.put("NANOEDGE_SHELL_PORT", Integer.toString(shellPort));
    env.put("NANOEDGE_DB_URL", dbUrl);
    env.put("NANOEDGE_ADMIN_TOKEN", TOKEN);
    env.put("NANOEDGE_TAG_KEY", "security-tag-key-0123456789");
    env.put("NANOEDGE_PRESENCE_LOCATION", "entrance");
    env.put("NANOEDGE_BLE_LOCATION", "entrance");
    env.put("NANOEDGE_SCAN_WINDOW_MS", "500");
    // Shorter than the default (30 s) so the idle connections are seen closed within the test's time.
    env.put("NANOEDGE_HTTP_IDLE_TIMEOUT_S", "3");
    node = NodeProcess.start(env, NodeProcess.IMAGE_JVM_FLAGS, "run", "--roles", "api,controller,presence,ble,shell");
    awaitReady();
    // GIVEN the building's data: Bob with his badge, Room R reached from the entrance, a meeting soon
    long bob = create("/api/persons", new JsonObject().put("name", "Bob"));
    create("/api/tags", new JsonObject().put("tagId", BOB_TAG).put("personId", bob));
    roomId = create("/api/rooms", new JsonObject().put("name", "Room R").put("location", "room-r")
        .put("capacity", 8).put("entrances", new JsonArray().add("entrance")).put("ledPath", new JsonArray()));
    Instant soon = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    eventId = create("/api/events", new JsonObject().put("title", "Review").put("roomId", roomId)
        .put("start", soon.toString()).put("end", soon.plus(1, ChronoUnit.HOURS).toString())
        .put("participantIds", new JsonArray().add(bob)));
    rowsBefore = rows();
    baselineHeapMb = heapAfterFullGcMb();
    System.out.printf("ApiSecurityIT: heap after full GC before the attacks: %.1f MiB%n", baselineHeapMb);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    TestDatabase.dropDatabase(dbUrl);
  }

  @Test
  @Order(1)
  void tokenlessUploadsThatNeverFinishAreRefusedAndClosed() throws Exception {
    // WHEN 200 clients without a token each announce a 4 MB document, send 1 kB and stall, 50 at a time
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        answers.add(pool.submit(() -> {
          try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /api/events/" + eventId + "/documents?name=x.pdf HTTP/1.1\r\n"
                + "Host: x\r\nContent-Type: application/pdf\r\nContent-Length: 4000000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[1024]);
            return readUntilClosed(socket);
          }
        }));
      }
      // THEN every one is answered 401 (or reset) and closed by the server, none is kept open
      for (Future<String> answer : answers) {
        String text = answer.get(60, TimeUnit.SECONDS);
        assertThat(text.isEmpty() || text.startsWith("HTTP/1.1 401")).as(text).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(2)
  void hundredsOfIdleConnectionsAreCappedAndClosed() throws Exception {
    // WHEN 300 clients connect and send nothing (http.max-connections is 256)
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        idle.add(connect());
      }
      // THEN every one of them is closed by the server: beyond the cap at once, the others after the idle timeout
      for (Socket socket : idle) {
        assertThat(readUntilClosed(socket)).isEmpty();
      }
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }

  @Test
  @Order(3)
  void aFloodOfCoapFirstBlocksOnThePlainPortPinsNoMemory() {
    // WHEN 50 peers each start 40 block-wise uploads (1 kB first blocks, more announced) to any path
    int answered = 0;
    for (int peer = 0; peer < 50; peer++) {
      try (RawCoap coap = new RawCoap(coapPort)) {
        for (int path = 0; path < 40; path++) {
          Request first = Request.newPost();
          first.getOptions().setUriPath("/api/x" + path).setContentFormat(MediaTypeRegistry.APPLICATION_JSON)
              .setBlock1(6, true, 0);
          first.setPayload(new byte[1024]);
          coap.send(first);
        }
        while (coap.receive(Duration.ofMillis(200)) != null) {
          answered++;
        }
      }
    }
    // THEN the node answered (each first block is taken into at most coap.small-body-bytes, or refused)
    assertThat(answered).isPositive();
    System.out.println("ApiSecurityIT: CoAP first blocks answered: " + answered + " of 2000");
  }

  @Test
  @Order(4)
  void poisonRecordsAreRefusedAndChangeNothing() throws Exception {
    // WHEN bad input arrives over and over: a location longer than its column, control characters (a terminal
    // escape), times the database cannot hold, a time out of the calendar's range
    List<String> bodies = List.of(
        "{\"name\":\"Room X\",\"location\":\"" + "x".repeat(65) + "\",\"capacity\":1,\"entrances\":[],\"ledPath\":[]}",
        "{\"name\":\"Mallory\\u001b]0;owned\\u0007\"}",
        "{\"title\":\"t\",\"roomId\":1,\"start\":\"+20000-01-01T00:00:00Z\",\"end\":\"+20000-01-01T01:00:00Z\"}",
        "{\"title\":\"t\",\"roomId\":1,\"start\":\"1970-01-01T00:00:00Z\",\"end\":\"1970-01-01T01:00:00Z\"}");
    List<String> paths = List.of("/api/rooms", "/api/persons", "/api/events", "/api/events");
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < bodies.size(); i++) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(paths.get(i)))
            .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      }
      HttpResponse<String> window = send(HttpRequest.newBuilder(uri("/api/rooms/" + roomId + "/availability"
          + "?from=%2B20000-01-01T00:00:00Z&to=%2B20000-01-02T00:00:00Z")).GET());
      assertThat(window.statusCode()).as(window.body()).isEqualTo(400);
    }
    // AND through the shell, the way a device's location would arrive: a location that is not an id
    try (ShellClient shell = ShellClient.connect("127.0.0.1", shellPort)) {
      shell.awaitPrompt();
      assertThat(shell.command("simulate motion " + "x".repeat(65))).doesNotContain("motion at");
    }
    // THEN nothing was stored
    assertThat(rows()).isEqualTo(rowsBefore);
  }

  @Test
  @Order(5)
  void afterwardsTheNodeIsReadyServesAVisitAndItsHeapIsBackUnderTheBound() throws Exception {
    // THEN the node is ready, and the stored rows are those it had before the attacks
    awaitReady();
    assertThat(rows()).isEqualTo(rowsBefore);
    // AND its heap after a full GC is back under the bound
    double heap = heapAfterFullGcMb();
    System.out.printf("ApiSecurityIT: heap after full GC after the attacks: %.1f MiB (before: %.1f MiB, bound %d)%n",
        heap, baselineHeapMb, HEAP_BOUND_MB);
    assertThat(heap).isLessThan(HEAP_BOUND_MB);
    // AND Bob walking in with his badge is recognised, end to end
    try (ShellClient shell = ShellClient.connect("127.0.0.1", shellPort)) {
      shell.awaitPrompt();
      assertThat(shell.command("simulate tag entrance " + BOB_TAG + " --seconds 5")).doesNotContain("failed");
      assertThat(shell.command("simulate motion entrance")).contains("motion at entrance");
    }
    Eventually.until("Bob's visit is AUTHENTICATED", () -> get("/api/visits").getJsonArray("items").stream()
        .map(JsonObject.class::cast).anyMatch(v -> "AUTHENTICATED".equals(v.getString("status"))),
        Duration.ofSeconds(30));
    assertThat(node.process().isAlive()).as(node.log()).isTrue();
    // AND the controller's dead-letter counter is served with the node's metrics (none: nothing was refused)
    assertThat(node.get("/metrics").body()).contains("nanoedge_outbox_dead_letters_total 0.0");
  }

  // ---- helpers

  private static void awaitReady() {
    Eventually.until("the node is ready", () -> {
      if (!node.process().isAlive()) {
        throw new AssertionError("node exited:\n" + node.log());
      }
      return node.get("/health/ready").status() == 200;
    }, Duration.ofSeconds(90));
  }

  private static Map<String, Long> rows() {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : TABLES) {
      rows.put(table, TestDatabase.count(dbUrl, table));
    }
    return rows;
  }

  /** Runs a full GC in the node (jcmd GC.run) and reads the heap in use from jcmd GC.heap_info. */
  private static double heapAfterFullGcMb() throws Exception {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
    long kb = 0;
    int spaces = 0;
    // Serial GC: "def new generation total …, used …K" and "tenured generation total …, used …K".
    while (used.find() && spaces < 2) {
      kb += Long.parseLong(used.group(1));
      spaces++;
    }
    assertThat(spaces).as(info).isEqualTo(2);
    return kb / 1024.0;
  }

  private static String jcmd(String command) throws Exception {
    Process jcmd = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(node.process().pid()), command).redirectErrorStream(true).start();
    assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort);
    socket.setSoTimeout((int) ANSWER.toMillis());
    return socket;
  }

  /** What the server sends until it closes the connection; fails if it is still open after ANSWER. */
  private static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    InputStream in = socket.getInputStream();
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        all.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept a connection open for " + ANSWER + "; it sent: " + all);
    } catch (IOException reset) {
      return all.toString(StandardCharsets.UTF_8);
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.header("authorization", "Bearer " + TOKEN).timeout(ANSWER).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long create(String path, JsonObject body) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getLong("id");
  }

  private static JsonObject get(String path) {
    try {
      HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
      return new JsonObject(response.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
