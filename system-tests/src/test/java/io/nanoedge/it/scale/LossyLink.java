package io.nanoedge.it.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A lossy router for the CoAP devices' traffic: a network namespace of the run's own with a veth to this host,
 * where packets sent to the router's address are forwarded back to the same port on the host (DNAT, then
 * masqueraded so the answers come back through it), and {@code iptables -m statistic} drops a share of everything
 * it forwards, both ways. The simulated devices and the device JVMs' CoAP endpoints bind the host's end of the
 * veth and address each other through the router. {@code tc netem} is not available here; iptables inside a
 * namespace is. {@link #close()} deletes the namespace (and with it the veth).
 */
final class LossyLink implements AutoCloseable {
  private final String namespace;
  private final String hostAddress;
  private final String routerAddress;
  private final String hostLink;

  private LossyLink(String tag, int third) {
    this.namespace = "nes-" + tag;
    this.hostLink = "nes" + tag + "h";
    this.hostAddress = "10.231." + third + ".1";
    this.routerAddress = "10.231." + third + ".2";
  }

  /** Why a lossy link cannot be made here (one line), or null when it can. */
  static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "the coap-loss run needs root (network namespaces, iptables); skipped";
    }
    try {
      run("iptables", "-V");
      run("ip", "-V");
      return null;
    } catch (IOException | RuntimeException e) {
      return "the coap-loss run needs iproute2 and iptables (" + e.getMessage() + "); skipped";
    }
  }

  static LossyLink create() throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[2];
    random.nextBytes(bytes);
    LossyLink link = new LossyLink(HexFormat.of().formatHex(bytes), 1 + random.nextInt(250));
    try {
      String ns = link.namespace;
      run("ip", "netns", "add", ns);
      run("ip", "link", "add", link.hostLink, "type", "veth", "peer", "name", "eth0", "netns", ns);
      run("ip", "addr", "add", link.hostAddress + "/30", "dev", link.hostLink);
      run("ip", "link", "set", link.hostLink, "up");
      run("ip", "-n", ns, "link", "set", "lo", "up");
      run("ip", "-n", ns, "addr", "add", link.routerAddress + "/30", "dev", "eth0");
      run("ip", "-n", ns, "link", "set", "eth0", "up");
      run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
      run("ip", "netns", "exec", ns, "iptables", "-t", "nat", "-A", "PREROUTING", "-p", "udp", "-d",
          link.routerAddress, "-j", "DNAT", "--to-destination", link.hostAddress);
      run("ip", "netns", "exec", ns, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "eth0", "-j",
          "MASQUERADE");
    } catch (IOException | RuntimeException e) {
      link.close();
      throw e;
    }
    return link;
  }

  /** The host's end: where the devices and the device JVMs bind their CoAP endpoints. */
  String hostAddress() {
    return hostAddress;
  }

  /** The router's address: what the devices and the nodes send to, reaching the host's port through the router. */
  String routerAddress() {
    return routerAddress;
  }

  /** Drops {@code percent} % of the forwarded UDP packets, each direction on its own. */
  void loss(int percent) throws IOException {
    run("ip", "netns", "exec", namespace, "iptables", "-I", "FORWARD", "-p", "udp", "-m", "statistic", "--mode",
        "random", "--probability", String.valueOf(percent / 100.0), "-j", "DROP");
  }

  /** Stops dropping. */
  void noLoss() throws IOException {
    run("ip", "netns", "exec", namespace, "iptables", "-F", "FORWARD");
  }

  /** Packets dropped so far by the loss rule (0 once it is removed). */
  long dropped() {
    try {
      String out = run("ip", "netns", "exec", namespace, "iptables", "-L", "FORWARD", "-v", "-x", "-n");
      return out.lines().filter(l -> l.contains("statistic")).mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[0]))
          .sum();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
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
