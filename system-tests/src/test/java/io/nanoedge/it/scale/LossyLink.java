package io.nanoedge.it.scale;

import java.io.IOException;

/**
 * A lossy router for the CoAP devices' traffic: a network namespace of the run's own ({@link NetnsVeth}) where
 * packets sent to the router's address are forwarded back to the same port on the host (DNAT, then masqueraded so
 * the answers come back through it), and {@code iptables -m statistic} drops a share of everything it forwards,
 * both ways. The simulated devices and the device JVMs' CoAP endpoints bind the host's end of the veth and address
 * each other through the router. {@code tc netem} is not available here; iptables inside a namespace is.
 */
final class LossyLink implements AutoCloseable {
  private final NetnsVeth ns;

  private LossyLink(NetnsVeth ns) {
    this.ns = ns;
  }

  static LossyLink create() throws IOException {
    NetnsVeth ns = NetnsVeth.create("nes", 231);
    try {
      ns.inside("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
      ns.inside("iptables", "-t", "nat", "-A", "PREROUTING", "-p", "udp", "-d", ns.nsAddress(), "-j", "DNAT",
          "--to-destination", ns.hostAddress());
      ns.inside("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "eth0", "-j", "MASQUERADE");
    } catch (IOException | RuntimeException e) {
      ns.close();
      throw e;
    }
    return new LossyLink(ns);
  }

  /** The host's end: where the devices and the device JVMs bind their CoAP endpoints. */
  String hostAddress() {
    return ns.hostAddress();
  }

  /** The router's address: what the devices and the nodes send to, reaching the host's port through the router. */
  String routerAddress() {
    return ns.nsAddress();
  }

  /** Drops {@code percent} % of the forwarded UDP packets, each direction on its own. */
  void loss(int percent) throws IOException {
    ns.inside("iptables", "-I", "FORWARD", "-p", "udp", "-m", "statistic", "--mode", "random", "--probability",
        String.valueOf(percent / 100.0), "-j", "DROP");
  }

  /** Stops dropping. */
  void noLoss() throws IOException {
    ns.inside("iptables", "-F", "FORWARD");
  }

  /** Packets dropped so far by the loss rule (-1 when it cannot be read). */
  long dropped() {
    try {
      return ns.inside("iptables", "-L", "FORWARD", "-v", "-x", "-n").lines().filter(l -> l.contains("statistic"))
          .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[0])).sum();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    ns.close();
  }
}
