package io.nanoedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.Modules;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the demo's admin token is public, so the demo binds only loopback. The demo runs in its own JVM (every
 * role, simulated devices); the test reads that process's sockets from /proc: every TCP listener and every UDP socket
 * on a configured port must be on 127.0.0.1.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoLoopbackIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process demo;
  private String dbUrl;

  @TempDir
  Path work;

  @AfterEach
  void stop() throws Exception {
    if (demo != null) {
      demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (dbUrl != null) {
      TestDatabase.dropDatabase(dbUrl);
    }
  }

  @Test
  void everyServerOfTheDemoListensOnLoopbackOnly() throws Exception {
    // GIVEN the demo on free ports (every port key of this build), with the suite's database
    dbUrl = TestDatabase.createDatabase();
    Map<String, String> env = new LinkedHashMap<>();
    Set<Integer> configured = new HashSet<>();
    for (ConfigKey key : Modules.keys()) {
      if (key.type() == ConfigKey.Type.PORT && !key.name().startsWith("cluster.")) {
        int port = key.name().startsWith("coap") || key.name().endsWith("coap-port") ? Ports.freeUdp()
            : Ports.freeTcp();
        env.put(key.envName(), String.valueOf(port));
        configured.add(port);
      }
    }
    env.put("NANOEDGE_DB_URL", dbUrl);
    int ops = Integer.parseInt(env.get("NANOEDGE_OPS_PORT"));
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.net.preferIPv4Stack=true", "-cp", System.getProperty("java.class.path"),
        "io.nanoedge.launcher.Main", "demo", "--no-script");
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(work.resolve("demo.out").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("NANOEDGE_"));
    builder.environment().putAll(env);
    demo = builder.start();
    // WHEN it is up
    Eventually.until("the demo ready", () -> {
      if (!demo.isAlive()) {
        throw new AssertionError("the demo exited: " + read(work.resolve("demo.out")));
      }
      // Ready, and the simulated devices (the room's display among them) deployed after the services.
      return ready(ops) && read(work.resolve("demo.out")).contains("nanoedge demo is running");
    }, Duration.ofSeconds(120));

    // THEN every socket it listens on is bound to loopback
    Set<String> inodes = socketInodes(demo.pid());
    List<String[]> tcp = sockets(demo.pid(), "tcp", inodes);
    List<String[]> udp = sockets(demo.pid(), "udp", inodes);
    List<String> listeners = new ArrayList<>();
    List<String> exposed = new ArrayList<>();
    for (String[] s : tcp) {
      if (s[3].equals("0A")) {
        listeners.add("tcp " + address(s[1]));
        if (!loopback(s[1])) {
          exposed.add("tcp " + address(s[1]));
        }
      }
    }
    for (String[] s : udp) {
      int port = Integer.parseInt(s[1].substring(s[1].indexOf(':') + 1), 16);
      if (configured.contains(port)) {
        listeners.add("udp " + address(s[1]));
      }
      // A UDP socket on an ephemeral port is a client's (the DNS resolver's): it serves nothing.
      if (!loopback(s[1]) && configured.contains(port)) {
        exposed.add("udp " + address(s[1]));
      }
    }
    assertThat(listeners).as("the demo's servers").anyMatch(l -> l.endsWith(":" + ops))
        .anyMatch(l -> l.endsWith(":" + env.get("NANOEDGE_HTTP_PORT")))
        .anyMatch(l -> l.startsWith("udp") && l.endsWith(":" + env.get("NANOEDGE_COAP_PORT")))
        .anyMatch(l -> l.endsWith(":" + env.get("NANOEDGE_DISPLAY_PORT")));
    assertThat(exposed).as("sockets on another interface than loopback, of %s", listeners).isEmpty();
  }

  private static boolean ready(int port) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException gone) {
          // The fd closed while we listed them.
        }
      }
    }
    return inodes;
  }

  /** Rows of /proc/PID/net/{proto,proto6} of this process's sockets: [sl, local, remote, state, …, inode]. */
  private static List<String[]> sockets(long pid, String proto, Set<String> inodes) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String file : List.of(proto, proto + "6")) {
      Path table = Path.of("/proc", String.valueOf(pid), "net", file);
      if (!Files.exists(table)) {
        continue;
      }
      for (String line : Files.readAllLines(table).subList(1, Files.readAllLines(table).size())) {
        String[] cols = line.trim().split("\\s+");
        if (cols.length > 9 && inodes.contains(cols[9])) {
          rows.add(cols);
        }
      }
    }
    return rows;
  }

  /** {@code 0100007F:1F90} is 127.0.0.1:8080 (little-endian IPv4); IPv6 loopback is ::1 or ::ffff:127.x. */
  private static boolean loopback(String hex) {
    String ip = hex.substring(0, hex.indexOf(':'));
    if (ip.length() == 8) {
      return ip.endsWith("7F");
    }
    return ip.equals("00000000000000000000000001000000") || ip.startsWith("0000000000000000FFFF0000")
        && ip.endsWith("7F");
  }

  private static String address(String hex) {
    String ip = hex.substring(0, hex.indexOf(':'));
    int port = Integer.parseInt(hex.substring(hex.indexOf(':') + 1), 16);
    if (ip.length() != 8) {
      return "[" + ip + "]:" + port;
    }
    return Integer.parseInt(ip.substring(6, 8), 16) + "." + Integer.parseInt(ip.substring(4, 6), 16) + "."
        + Integer.parseInt(ip.substring(2, 4), 16) + "." + Integer.parseInt(ip.substring(0, 2), 16) + ":" + port;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }
}
