package io.nanoedge.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.RawCoap;
import io.nanoedge.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fuzz run against an API node from the jar (image JVM flags): random and truncated HTTP requests and CoAP
 * datagrams, mutated from the corpus in {@code bench/fuzz/corpus} (rerun longer with {@code bench/fuzz/api.sh}).
 * Expects 0 crashes (the node alive and ready after), 0 answers of 5xx / 5.xx, 0 rows changed. An input that fails
 * is written to {@code bench/fuzz/findings} to be replayed. Seed and counts: system properties {@code fuzz.seed},
 * {@code fuzz.http}, {@code fuzz.coap}; the CI run is short.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ApiFuzzIT {
  private static final String TOKEN = "fuzz-admin-token-0123456789";
  private static final Path CORPUS = Path.of("..", "bench", "fuzz", "corpus");
  private static final Path FINDINGS = Path.of("..", "bench", "fuzz", "findings");
  private static final List<String> TABLES = List.of("persons", "rooms", "room_entrances", "tags", "events",
      "event_participants", "event_documents", "visits", "journeys", "status_log", "devices");
  private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");

  @Test
  void randomAndTruncatedRequestsCrashNothingGetNo5xxAndChangeNoRow() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int httpCount = Integer.getInteger("fuzz.http", 800);
    int coapCount = Integer.getInteger("fuzz.coap", 2500);
    System.out.printf("ApiFuzzIT: seed %d, %d HTTP requests, %d CoAP datagrams%n", seed, httpCount, coapCount);
    List<byte[]> http = corpus("http", text -> text.replace("{TOKEN}", TOKEN).replace("\n", "\r\n")
        .getBytes(StandardCharsets.UTF_8));
    List<byte[]> coap = corpus("coap", text -> HexFormat.of().parseHex(text.strip()));
    assertThat(http).isNotEmpty();
    assertThat(coap).isNotEmpty();

    String dbUrl = TestDatabase.createDatabase();
    int httpPort = Ports.freeTcp();
    int coapPort = Ports.freeUdp();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NANOEDGE_NODE_ID", "api-fuzz");
    env.put("NANOEDGE_OPS_PORT", Integer.toString(Ports.freeTcp()));
    env.put("NANOEDGE_HTTP_HOST", "127.0.0.1");
    env.put("NANOEDGE_HTTP_PORT", Integer.toString(httpPort));
    env.put("NANOEDGE_COAP_HOST", "127.0.0.1");
    env.put("NANOEDGE_COAP_PORT", Integer.toString(coapPort));
    env.put("NANOEDGE_COAPS_PORT", Integer.toString(Ports.freeUdp()));
    env.put("NANOEDGE_DB_URL", dbUrl);
    env.put("NANOEDGE_ADMIN_TOKEN", TOKEN);
    env.put("NANOEDGE_TAG_KEY", "fuzz-tag-key-0123456789");
    env.put("NANOEDGE_API_PUBLIC_READ", "true");
    env.put("NANOEDGE_HTTP_IDLE_TIMEOUT_S", "2");
    try (NodeProcess node = NodeProcess.start(env, NodeProcess.IMAGE_JVM_FLAGS, "run", "--roles", "api")) {
      awaitReady(node);
      Map<String, Long> before = rows(dbUrl);
      Random random = new Random(seed);
      List<String> failures = new ArrayList<>();

      // HTTP: each input on its own connection, the output half-closed so a truncated body ends at once
      ConcurrentLinkedQueue<String> httpFailures = new ConcurrentLinkedQueue<>();
      AtomicInteger answered = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int i = 0; i < httpCount; i++) {
        byte[] input = mutate(http.get(random.nextInt(http.size())), random);
        int n = i;
        pool.submit(() -> {
          String status = send(httpPort, input);
          if (status != null) {
            answered.incrementAndGet();
            if (status.startsWith("5") && !(status.equals("501") && !speaksHttp1(input))) {
              httpFailures.add("http-" + n + " answered " + status + ": " + save("http-" + seed + "-" + n, input));
            }
          }
        });
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(300, TimeUnit.SECONDS)).isTrue();
      failures.addAll(httpFailures);

      // CoAP: datagrams from a few peers, every response read and classified
      int coapAnswered = 0;
      for (int peer = 0; peer < 8; peer++) {
        try (RawCoap socket = new RawCoap(coapPort)) {
          for (int i = peer; i < coapCount; i += 8) {
            byte[] input = mutate(coap.get(random.nextInt(coap.size())), random);
            socket.send(input);
            Response response = socket.receive(Duration.ofMillis(i % 50 == 0 ? 300 : 2));
            if (response != null) {
              coapAnswered++;
              if (response.getCode().codeClass == 5) {
                failures.add("coap-" + i + " answered " + response.getCode() + ": " + save("coap-" + seed + "-" + i,
                    input));
              }
            }
          }
          for (Response late = socket.receive(Duration.ofMillis(300)); late != null;
              late = socket.receive(Duration.ofMillis(300))) {
            coapAnswered++;
            if (late.getCode().codeClass == 5) {
              failures.add("coap (late) answered " + late.getCode());
            }
          }
        }
      }
      System.out.printf("ApiFuzzIT: HTTP answered %d of %d, CoAP answers %d of %d datagrams%n", answered.get(),
          httpCount, coapAnswered, coapCount);

      // THEN nothing failed, the node is alive and ready, and no row changed
      assertThat(failures).as("inputs answered with a server error (saved under bench/fuzz/findings)").isEmpty();
      assertThat(node.process().isAlive()).as(node.log()).isTrue();
      awaitReady(node);
      assertThat(rows(dbUrl)).isEqualTo(before);
      assertThat(answered.get()).isPositive();
    } finally {
      TestDatabase.dropDatabase(dbUrl);
    }
  }

  /**
   * Whether the request line ends in a protocol version Vert.x speaks. For any other ("HTtP/1.1", "HTTP/1.x") the
   * server answers 501 Not Implemented before any route or handler of ours runs: the protocol's own refusal of
   * what it cannot parse, not a failure of the node, so only that pairing is let through.
   */
  static boolean speaksHttp1(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n");
    String line = end < 0 ? text : text.substring(0, end);
    return line.endsWith(" HTTP/1.1") || line.endsWith(" HTTP/1.0");
  }

  /** One to four random edits: truncate, flip, insert, delete, repeat a range, or a control byte. */
  static byte[] mutate(byte[] seed, Random random) {
    byte[] data = seed.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && data.length > 0; e++) {
      int at = random.nextInt(data.length);
      switch (random.nextInt(6)) {
        case 0 -> data = java.util.Arrays.copyOf(data, at);
        case 1 -> data[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> {
          byte[] noise = new byte[1 + random.nextInt(16)];
          random.nextBytes(noise);
          data = splice(data, at, at, noise);
        }
        case 3 -> data = splice(data, at, Math.min(data.length, at + 1 + random.nextInt(8)), new byte[0]);
        case 4 -> {
          int end = Math.min(data.length, at + 1 + random.nextInt(32));
          data = splice(data, at, at, java.util.Arrays.copyOfRange(data, at, end));
        }
        default -> data[at] = (byte) random.nextInt(32);
      }
    }
    return data;
  }

  private static byte[] splice(byte[] data, int from, int to, byte[] insert) {
    byte[] out = new byte[data.length - (to - from) + insert.length];
    System.arraycopy(data, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(data, to, out, from + insert.length, data.length - to);
    return out;
  }

  /** Sends one raw request and returns the status code of the answer, or null when the server only closed. */
  private static String send(int port, byte[] input) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(input);
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      for (int b = in.read(); b >= 0 && b != '\n' && head.size() < 200; b = in.read()) {
        head.write(b);
      }
      Matcher status = STATUS.matcher(head.toString(StandardCharsets.ISO_8859_1));
      return status.find() ? status.group(1) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String save(String name, byte[] input) {
    try {
      Files.createDirectories(FINDINGS);
      Path file = FINDINGS.resolve(name + ".bin");
      Files.write(file, input);
      return file.toString();
    } catch (IOException e) {
      return "(not saved: " + e.getMessage() + ")";
    }
  }

  private static List<byte[]> corpus(String kind, java.util.function.Function<String, byte[]> decode)
      throws IOException {
    try (Stream<Path> files = Files.list(CORPUS.resolve(kind))) {
      return files.sorted().map(f -> {
        try {
          return decode.apply(Files.readString(f));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  private static Map<String, Long> rows(String dbUrl) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : TABLES) {
      rows.put(table, TestDatabase.count(dbUrl, table));
    }
    return rows;
  }

  private static void awaitReady(NodeProcess node) {
    Eventually.until("the node is ready", () -> {
      if (!node.process().isAlive()) {
        throw new AssertionError("node exited:\n" + node.log());
      }
      return node.get("/health/ready").status() == 200;
    }, Duration.ofSeconds(90));
  }
}
