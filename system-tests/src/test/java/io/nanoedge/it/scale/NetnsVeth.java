package io.nanoedge.it.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of a run's own joined to this host by one veth ({@code eth0} inside, a /30 on
 * {@code 10.<second>.<random>.0}: the host's end .1, the namespace's .2), with random names so runs never collide.
 * {@link #close()} deletes the namespace, and with it the veth.
 */
record NetnsVeth(String namespace, String hostAddress, String nsAddress) implements AutoCloseable {

  /** Makes {@code <prefix>-<tag>} and its veth; {@code second} is the second octet of its subnet. */
  static NetnsVeth create(String prefix, int second) throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[2];
    random.nextBytes(bytes);
    String tag = HexFormat.of().formatHex(bytes);
    int third = 1 + random.nextInt(250);
    NetnsVeth ns = new NetnsVeth(prefix + "-" + tag, "10." + second + "." + third + ".1",
        "10." + second + "." + third + ".2");
    String hostLink = prefix + tag + "h";
    try {
      run("ip", "netns", "add", ns.namespace);
      run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "eth0", "netns", ns.namespace);
      run("ip", "addr", "add", ns.hostAddress + "/30", "dev", hostLink);
      run("ip", "link", "set", hostLink, "up");
      run("ip", "-n", ns.namespace, "link", "set", "lo", "up");
      run("ip", "-n", ns.namespace, "addr", "add", ns.nsAddress + "/30", "dev", "eth0");
      run("ip", "-n", ns.namespace, "link", "set", "eth0", "up");
    } catch (IOException | RuntimeException e) {
      ns.close();
      throw e;
    }
    // A run stopped half-way (timeout, Ctrl-C) leaves no namespace behind; deleting one twice is harmless.
    Runtime.getRuntime().addShutdownHook(new Thread(ns::close, "netns-cleanup"));
    return ns;
  }

  /** Why namespaces cannot be made here (one line), or null when they can. */
  static String unavailable(String run) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "the " + run + " run needs root (network namespaces, iptables); skipped";
    }
    try {
      run("iptables", "-V");
      run("ip", "-V");
      return null;
    } catch (IOException | RuntimeException e) {
      return "the " + run + " run needs iproute2 and iptables (" + e.getMessage() + "); skipped";
    }
  }

  /** Runs {@code command} inside the namespace. */
  String inside(String... command) throws IOException {
    String[] full = new String[command.length + 4];
    full[0] = "ip";
    full[1] = "netns";
    full[2] = "exec";
    full[3] = namespace;
    System.arraycopy(command, 0, full, 4, command.length);
    return run(full);
  }

  @Override
  public void close() {
    try {
      run("ip", "netns", "del", namespace);
    } catch (IOException | RuntimeException e) {
      // Nothing was made, or it is gone already.
    }
  }

  static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + ": no answer in 20 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.trim());
    }
    return out;
  }
}
