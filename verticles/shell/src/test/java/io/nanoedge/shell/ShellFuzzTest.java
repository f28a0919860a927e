package io.nanoedge.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.SimulatedTag;
import io.nanoedge.bus.VisitList;
import io.nanoedge.bus.VisitSummary;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.nanoedge.launcher.Node;
import io.nanoedge.ops.NodeBaseKeys;
import io.nanoedge.shellclient.ShellClient;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shell-line fuzzing over a real telnet connection (issue 11): bad lines from {@code bench/fuzz/corpus/shell} and lines
 * generated from its valid ones, broken on purpose and salted with control, format and non-ASCII characters; lines
 * longer than the line editor holds; unbalanced quotes; valid lines cancelled with Ctrl-C; raw bytes with telnet
 * commands in them. Every bad line must get an answer that names what is wrong, no Java exception or stack trace may
 * reach the terminal, and nothing may change: stand-ins for the roles the commands reach count every request (a
 * control run shows they would see one) and the node's deployments stay the same. Seed and count: system properties
 * {@code fuzz.seed} (random by default, printed) and {@code fuzz.shell.lines}; {@code bench/fuzz/shell.sh} runs longer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShellFuzzTest {
  private static final Path CORPUS = Path.of("..", "..", "bench", "fuzz", "corpus", "shell");
  private static final String PROMPT = "\n" + ShellClient.PROMPT;
  private static final Duration ANSWER = Duration.ofSeconds(10);
  private static final int LINES_PER_SESSION = 250;
  /** Random bytes can leave the terminal in a state no Ctrl-C ends (telnet options turned off): then a new session. */
  private static final Duration RAW_ANSWER = Duration.ofSeconds(3);
  /** Every name the shell answers to: a generated command name must be none of them. */
  private static final Set<String> KNOWN = Set.of("nodes", "visits", "visit", "devices", "simulate", "admit", "status",
      "service", "help", "echo", "verticle-ls", "net-ls", "exit", "logout", "jobs", "fg", "bg");
  /** Options that take a value, every one checked by its command. */
  private static final Set<String> VALUE_OPTIONS = Set.of("--seconds", "--event", "--node", "--visit");
  /** What an answer to a bad line says: one of these names the problem. */
  private static final Pattern NAMES_THE_PROBLEM = Pattern.compile("command not found|an empty command name"
      + "|unknown option --|needs a value|unexpected argument '|must be |cannot simulate '|unknown subcommand '"
      + "|unknown role '|missing |applies to simulate tag only|exactly one of|would end this session");
  private static final Pattern JAVA = Pattern.compile("Exception|java\\.|io\\.vertx|io\\.nanoedge|\\tat |\\n\\s+at ");
  /** Keys termd's line editor ignores (it rings the bell): Ctrl-B, Ctrl-F, Ctrl-G, Ctrl-L, Ctrl-N ... */
  private static final String IGNORED_KEYS = "\u0000\u0002\u0006\u0007\u000c\u000e\u000f\u0010\u0011\u0012\u0013"
      + "\u0014\u0016\u0017\u0019\u001c\u001d\u001e\u001f";
  /** Noise: ignored keys, C1 controls, format characters (bidi overrides), a line separator, non-ASCII, punctuation. */
  private static final String[] NOISE = {"\u0085", "\u009b", "\u0090", "\u200b", "\u200e", "\u202e", "\u2066",
      "\ufeff", "\u2028", "é", "ß", "Ω", "😀", "中", "/", ":", "#", "$", "%", "&", "*", "(", ")", "<", ">", "|", ";", "=",
      "?", "@", "[", "]", "^", "`", "{", "}", "~", "!", ",", "+"};
  private static final int[] JUNK = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:#$%&*()<>|;="
      + "?@[]^`{}~!,+éßΩ😀").codePoints().toArray();

  private Node node;
  private int port;
  private final Map<String, AtomicInteger> reached = new ConcurrentHashMap<>();

  @BeforeEach
  void startShellWithStandIns() {
    port = Ports.freeTcp();
    node = Eventually.await(Node.start(NanoConfig.defaults().with(Keys.NODE_ID, "fuzz-node")
        .with(ShellKeys.SHELL_PORT, String.valueOf(port)).with(NodeBaseKeys.OPS_HOST, "127.0.0.1")
        .with(NodeBaseKeys.OPS_PORT, "0"), List.of(Role.SHELL)));
    Vertx vertx = node.vertx();
    // Stand-ins for the roles behind the commands, each counting what reaches it and answering as the role would.
    standIn(vertx, Addresses.SIMULATE_MOTION.at("entrance").address(), body -> new JsonObject());
    standIn(vertx, Addresses.SIMULATE_TAG.at("entrance").address(),
        body -> new SimulatedTag.InRange("entrance", body.getInteger("seconds"), -60).toJson());
    standIn(vertx, Addresses.ADMIT.address(), body -> visit(body.getString("visitId")).toJson());
    standIn(vertx, Addresses.VISITS.address(), body -> new VisitList("fuzz-node", List.of(visit("v-17")), 0).toJson());
    standIn(vertx, Addresses.API_VISIT_GET.address(), body -> new JsonObject()
        .put("visit", new JsonObject().put("visitId", body.getString("visitId"))).put("timeline", new JsonArray()));
  }

  private static VisitSummary visit(String id) {
    return new VisitSummary(id, "entrance", "DETECTED", "SCANNING", "2026-11-28T09:00:00Z", List.of());
  }

  private void standIn(Vertx vertx, String address, java.util.function.Function<JsonObject, JsonObject> reply) {
    AtomicInteger count = reached.computeIfAbsent(address, a -> new AtomicInteger());
    Eventually.await(Bus.serveJson(vertx.eventBus(), address, body -> {
      count.incrementAndGet();
      return Future.succeededFuture(reply.apply(body));
    }).completion());
  }

  @AfterEach
  void stop() {
    if (node != null) {
      Eventually.await(node.stop());
    }
  }

  private Map<String, Integer> reachedSoFar() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    reached.forEach((address, count) -> counts.put(address, count.get()));
    return counts;
  }

  private ShellClient session() throws IOException {
    ShellClient shell = ShellClient.connect("127.0.0.1", port);
    shell.awaitPrompt();
    return shell;
  }

  /** The command's answer: what is printed after the echoed line, up to the next prompt. */
  private static String answer(ShellClient shell, String line) throws IOException {
    shell.type(line + "\r");
    String out;
    try {
      out = shell.await(PROMPT, ANSWER);
    } catch (IllegalStateException e) {
      throw new AssertionError("no answer to " + printable(line) + ": " + e.getMessage(), e);
    }
    int echoEnd = out.indexOf('\n');
    return out.substring(echoEnd + 1, out.length() - PROMPT.length() + 1);
  }

  @Test
  void badShellLinesAreAnsweredNamingTheProblemAndChangeNothing() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int count = Integer.getInteger("fuzz.shell.lines", 1500);
    Random random = new Random(seed);
    List<String> valid = corpus("valid.txt");
    List<String[]> invalid = corpus("invalid.txt").stream().map(l -> l.split("\t", 2)).toList();
    Set<String> deployments = new HashSet<>(node.vertx().deploymentIDs());
    long start = System.nanoTime();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> kinds = new LinkedHashMap<>();

    // GIVEN stand-ins that see every request that gets through: valid lines reach them (the harness can fail)
    try (ShellClient shell = session()) {
      assertThat(answer(shell, "simulate motion entrance")).contains("motion at entrance");
      assertThat(answer(shell, "simulate tag entrance t1 --seconds 5")).contains("tag t1 in range of entrance");
      assertThat(answer(shell, "admit v-17 42 --event 7")).contains("admitted person 42 to visit v-17");
      assertThat(answer(shell, "visits")).contains("v-17");
      assertThat(answer(shell, "visit v-17")).contains("visit v-17");
    }
    Map<String, Integer> before = reachedSoFar();
    assertThat(before.values()).allMatch(n -> n == 1);

    ShellClient typing = session();
    try {
      // WHEN the corpus's bad lines are typed, each with what its answer must say
      for (String[] bad : invalid) {
        String answer = answer(typing, bad[0]);
        check(failures, "corpus", bad[0], answer);
        if (!answer.contains(bad[1])) {
          failures.add("corpus line " + printable(bad[0]) + " answered " + printable(answer) + ", not " + bad[1]);
        }
      }
      kinds.merge("corpus", invalid.size(), Integer::sum);
      // AND as many generated ones: valid lines broken on purpose, with noise
      for (int i = 0; i < count; i++) {
        if (i % LINES_PER_SESSION == LINES_PER_SESSION - 1) {
          // a new session now and then: the test's telnet client rereads all it was sent at every answer
          typing.close();
          typing = session();
        }
        String seedLine = valid.get(random.nextInt(valid.size()));
        Broken broken = Broken.of(seedLine, random);
        kinds.merge(broken.kind(), 1, Integer::sum);
        check(failures, broken.kind(), broken.line(), answer(typing, broken.line()));
      }
      // AND unbalanced quotes (the line editor asks for the rest, Ctrl-C drops it) and valid lines cancelled
      for (int i = 0; i < 50; i++) {
        String line = Broken.of(valid.get(random.nextInt(valid.size())), random).line();
        int at = random.nextInt(line.length() + 1);
        typing.type(line.substring(0, at) + (i % 3 == 0 ? "'" : "\"") + line.substring(at) + "\r");
        typing.await("\n> ", ANSWER);
        typing.interrupt();
        typing.await(PROMPT, ANSWER);
        typing.type(valid.get(random.nextInt(valid.size())) + "\u0003");
        typing.await(PROMPT, ANSWER);
      }
      kinds.merge("quote then Ctrl-C", 50, Integer::sum);
      kinds.merge("valid then Ctrl-C", 50, Integer::sum);
    } finally {
      typing.close();
    }

    // AND lines longer than the line editor holds, each on a session of its own
    for (int i = 0; i < 5; i++) {
      try (ShellClient shell = session()) {
        String line = valid.get(random.nextInt(valid.size())) + " " + junk(random, TelnetFront.MAX_LINE_BYTES);
        shell.type(line + "\r");
        String goodbye = shell.awaitClose(ANSWER);
        check(failures, "oversized", line, goodbye);
        if (!goodbye.contains("a line longer than 900 bytes is more than the line editor holds")) {
          failures.add("an oversized line was answered " + printable(goodbye));
        }
      }
    }
    kinds.merge("oversized", 5, Integer::sum);

    // AND raw bytes, telnet commands and broken UTF-8 included, after a proper negotiation
    List<String> rawEnds = new ArrayList<>();
    ShellClient raw = session();
    try {
      for (int i = 0; i < 200; i++) {
        byte[] bytes = new byte[1 + random.nextInt(48)];
        random.nextBytes(bytes);
        try {
          raw.sendRaw(bytes);
          // IAC SE ends a subnegotiation the bytes may have opened; Ctrl-C drops what they left on the line
          raw.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xF0});
          raw.type("\u0003\r");
          String out = raw.await(PROMPT, RAW_ANSWER);
          check(failures, "raw", "(" + bytes.length + " random bytes)", out);
        } catch (IllegalStateException | IOException closed) {
          // Ctrl-D on an empty line logs out, an endless subnegotiation is refused: a new session, as a user would
          String why = String.valueOf(closed.getMessage());
          check(failures, "raw", "(" + bytes.length + " random bytes)", why);
          rawEnds.add(why.lines().findFirst().orElse(""));
          raw.close();
          raw = session();
        }
      }
    } finally {
      raw.close();
    }
    kinds.merge("raw bytes", 200, Integer::sum);

    // THEN every line was answered as it should be, nothing got through, and the shell answers as before
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    int lines = kinds.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("ShellFuzzTest: seed %d, %d lines in %.1f s (%s); raw sessions ended: %s%n", seed, lines,
        took.toMillis() / 1000.0, kinds.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", ")), rawEnds);
    assertThat(failures).as("seed " + seed + ": lines answered wrongly").isEmpty();
    assertThat(reachedSoFar()).as("requests that reached the roles behind the shell").isEqualTo(before);
    assertThat(new HashSet<>(node.vertx().deploymentIDs())).isEqualTo(deployments);
    try (ShellClient shell = session()) {
      assertThat(answer(shell, "simulate motion entrance")).contains("motion at entrance");
    }
    assertThat(reached.get(Addresses.SIMULATE_MOTION.at("entrance").address()).get()).isEqualTo(2);
  }

  /** An answer with no Java in it; for a broken line, one that names the problem. */
  private static void check(List<String> failures, String kind, String line, String answer) {
    if (JAVA.matcher(answer).find()) {
      failures.add(kind + " line " + printable(line) + ": Java reached the terminal: " + printable(answer));
    }
    if (Broken.KINDS.contains(kind) && !NAMES_THE_PROBLEM.matcher(answer).find()) {
      failures.add(kind + " line " + printable(line) + " answered " + printable(answer));
    }
  }

  private static String printable(String text) {
    return "'" + TerminalText.value(text) + "'";
  }

  private static List<String> corpus(String file) throws IOException {
    return Files.readAllLines(CORPUS.resolve(file)).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  /** {@code length} characters of junk with a '/' in it: no id, no number, no keyword, no option. */
  static String junk(Random random, int length) {
    StringBuilder out = new StringBuilder();
    for (int n = 0; n < length; n++) {
      out.appendCodePoint(JUNK[random.nextInt(JUNK.length)]);
    }
    out.insert(random.nextInt(out.length() + 1), '/');
    return out.toString();
  }

  /** A valid line broken on purpose, so that no noise added to its other words can make it valid again. */
  record Broken(String kind, String line) {
    static final Set<String> KINDS = Set.of("unknown option", "unknown command", "bad word", "bad value",
        "extra word");

    static Broken of(String valid, Random random) {
      List<String> words = new ArrayList<>(List.of(valid.split(" ")));
      List<Integer> positional = new ArrayList<>();
      List<Integer> values = new ArrayList<>();
      for (int i = 1; i < words.size(); i++) {
        if (VALUE_OPTIONS.contains(words.get(i - 1))) {
          values.add(i);
        } else if (!words.get(i).startsWith("--")) {
          positional.add(i);
        }
      }
      List<String> kinds = new ArrayList<>(List.of("unknown option", "unknown command"));
      if (!positional.isEmpty()) {
        kinds.add("bad word");
      }
      if (!values.isEmpty()) {
        kinds.add("bad value");
      }
      // admit takes any number of words (a guest's name): one more is still a name
      if (!words.get(0).equals("admit")) {
        kinds.add("extra word");
      }
      String kind = kinds.get(random.nextInt(kinds.size()));
      int broken;
      switch (kind) {
        case "unknown option" -> {
          broken = 1 + random.nextInt(words.size());
          words.add(broken, "--x" + word(random));
        }
        case "unknown command" -> {
          String name;
          do {
            name = junk(random, 1 + random.nextInt(12)).replace("/", "");
          } while (name.isEmpty() || KNOWN.contains(name));
          broken = 0;
          words.set(0, name);
        }
        // longer than any id, guest name or tag id (128), with a character none has
        case "bad word" -> {
          broken = positional.get(random.nextInt(positional.size()));
          words.set(broken, junk(random, 129 + random.nextInt(200)));
        }
        case "bad value" -> {
          broken = values.get(random.nextInt(values.size()));
          words.set(broken, junk(random, 1 + random.nextInt(30)));
        }
        default -> {
          broken = 1 + random.nextInt(words.size());
          words.add(broken, word(random));
        }
      }
      // Noise in the other words: what the line editor drops, or characters that only make a word worse
      if (random.nextInt(10) < 6) {
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          int w = random.nextInt(words.size());
          if (w != broken) {
            String word = words.get(w);
            String noise = random.nextBoolean() ? String.valueOf(IGNORED_KEYS.charAt(random.nextInt(
                IGNORED_KEYS.length()))) : NOISE[random.nextInt(NOISE.length)];
            int at = random.nextInt(word.length() + 1);
            words.set(w, word.substring(0, at) + noise + word.substring(at));
          }
        }
      }
      return new Broken(kind, String.join(" ", words));
    }

    private static String word(Random random) {
      String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
      StringBuilder out = new StringBuilder();
      for (int n = 1 + random.nextInt(10); n > 0; n--) {
        out.append(letters.charAt(random.nextInt(letters.length())));
      }
      return out.toString();
    }
  }
}
