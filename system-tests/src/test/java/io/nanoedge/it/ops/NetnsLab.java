package io.nanoedge.it.ops;

import io.nanoedge.testkit.Eventually;
import java.time.Duration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small network of "hosts" on this machine: one network namespace per host, each with a veth into a
 * bridge that lives in a switch namespace of its own, so nothing is added to the root namespace. Names
 * carry a random tag ({@code ne-<tag>-n1}) and the subnet is a random 10.213.x.0/24 that exists only
 * inside these namespaces. {@link #close()} deletes everything it created.
 */
final class NetnsLab implements AutoCloseable {
  private final String tag;
  private final String subnet;
  private final List<String> namespaces = new ArrayList<>();
  private final Thread cleanup = new Thread(this::deleteNamespaces, "netns-cleanup");

  private NetnsLab(String tag, int third) {
    this.tag = tag;
    this.subnet = "10.213." + third;
  }

  /** Creates the switch and {@code hosts} host namespaces; throws when namespaces cannot be created here. */
  static NetnsLab create(int hosts) throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[2];
    random.nextBytes(bytes);
    NetnsLab lab = new NetnsLab(HexFormat.of().formatHex(bytes), 1 + random.nextInt(250));
    Runtime.getRuntime().addShutdownHook(lab.cleanup);
    try {
      lab.ns(lab.switchNs());
      lab.run("ip", "-n", lab.switchNs(), "link", "add", "br0", "type", "bridge");
      lab.run("ip", "-n", lab.switchNs(), "link", "set", "br0", "up");
      for (int i = 1; i <= hosts; i++) {
        String host = lab.host(i);
        lab.ns(host);
        lab.run("ip", "-n", host, "link", "set", "lo", "up");
        lab.run("ip", "-n", host, "link", "add", "eth0", "type", "veth", "peer", "name", lab.port(i), "netns",
            lab.switchNs());
        lab.run("ip", "-n", lab.switchNs(), "link", "set", lab.port(i), "master", "br0");
        lab.run("ip", "-n", lab.switchNs(), "link", "set", lab.port(i), "up");
        lab.run("ip", "-n", host, "addr", "add", lab.address(i) + "/24", "dev", "eth0");
        lab.run("ip", "-n", host, "link", "set", "eth0", "up");
      }
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  String switchNs() {
    return "ne-" + tag + "-sw";
  }

  String host(int i) {
    return "ne-" + tag + "-n" + i;
  }

  private static String port(int i) {
    return "p" + i;
  }

  String address(int i) {
    return subnet + "." + (10 + i);
  }

  /** A Hazelcast interface pattern matching every host of this lab, as the Swarm stack uses one. */
  String addressPattern() {
    return subnet + ".*";
  }

  /** Cuts host {@code i} off the switch (its link goes down) or plugs it back in. */
  void link(int i, boolean up) throws IOException {
    run("ip", "-n", switchNs(), "link", "set", port(i), up ? "up" : "down");
  }

  /**
   * Makes {@code port} on host {@code i}'s loopback reach the same port on this JVM's loopback (where the test's
   * MariaDB listens): socat listens inside the host's namespace and, per connection, connects from this JVM's
   * network namespace (nsenter). Traffic stays on the two loopbacks; the caller ends the returned process.
   */
  Process forwardToTestLoopback(int i, int port) throws IOException {
    String netns = "/proc/" + ProcessHandle.current().pid() + "/ns/net";
    Process socat = new ProcessBuilder("ip", "netns", "exec", host(i), "socat",
        "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
        "EXEC:nsenter --net=" + netns + " socat STDIO TCP\\:127.0.0.1\\:" + port)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String probe = "exec 3<>/dev/tcp/127.0.0.1/" + port;
    boolean listening = Eventually.within(Duration.ofSeconds(5), () -> {
      try {
        runWithin(5, "ip", "netns", "exec", host(i), "bash", "-c", probe);
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    if (listening) {
      return socat;
    }
    socat.destroyForcibly();
    throw new IOException("the forwarder on " + host(i) + " port " + port + " did not start (socat installed?)");
  }

  private void ns(String name) throws IOException {
    run("ip", "netns", "add", name);
    namespaces.add(name);
  }

  /** Runs a command to completion within 30 s; fails with its output when it exits non-zero. */
  static String run(String... command) throws IOException {
    return runWithin(30, command);
  }

  static String runWithin(int seconds, String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in " + seconds + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.trim());
    }
    return out;
  }

  private synchronized void deleteNamespaces() {
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      try {
        run("ip", "netns", "del", namespaces.get(i));
      } catch (IOException e) {
        System.err.println("could not delete namespace " + namespaces.get(i) + ": " + e.getMessage());
      }
    }
    namespaces.clear();
  }

  @Override
  public void close() {
    deleteNamespaces();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs (and finds nothing left to delete)
    }
  }
}
