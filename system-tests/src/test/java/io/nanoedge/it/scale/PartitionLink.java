package io.nanoedge.it.scale;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A server node's own network namespace, joined to this host by one veth: the node binds the namespace's end, every
 * other node of the site the host's end, so taking the veth down cuts that node off from all of them (a Pi or a
 * server whose link went down) and bringing it up heals the partition. {@link #close()} deletes the namespace.
 */
final class PartitionLink implements AutoCloseable {
  private final String namespace;
  private final String hostLink;
  private final String hostAddress;
  private final String nodeAddress;

  private PartitionLink(String tag, int third) {
    this.namespace = "nep-" + tag;
    this.hostLink = "nep" + tag + "h";
    this.hostAddress = "10.233." + third + ".1";
    this.nodeAddress = "10.233." + third + ".2";
  }

  static PartitionLink create() throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[2];
    random.nextBytes(bytes);
    PartitionLink link = new PartitionLink(HexFormat.of().formatHex(bytes), 1 + random.nextInt(250));
    try {
      LossyLink.run("ip", "netns", "add", link.namespace);
      LossyLink.run("ip", "link", "add", link.hostLink, "type", "veth", "peer", "name", "eth0", "netns",
          link.namespace);
      LossyLink.run("ip", "addr", "add", link.hostAddress + "/30", "dev", link.hostLink);
      LossyLink.run("ip", "link", "set", link.hostLink, "up");
      LossyLink.run("ip", "-n", link.namespace, "link", "set", "lo", "up");
      LossyLink.run("ip", "-n", link.namespace, "addr", "add", link.nodeAddress + "/30", "dev", "eth0");
      LossyLink.run("ip", "-n", link.namespace, "link", "set", "eth0", "up");
    } catch (IOException | RuntimeException e) {
      link.close();
      throw e;
    }
    return link;
  }

  String hostAddress() {
    return hostAddress;
  }

  String nodeAddress() {
    return nodeAddress;
  }

  /** What a node is started behind to live in the namespace. */
  List<String> prefix() {
    return List.of("ip", "netns", "exec", namespace);
  }

  void cut() throws IOException {
    LossyLink.run("ip", "-n", namespace, "link", "set", "eth0", "down");
  }

  void heal() throws IOException {
    LossyLink.run("ip", "-n", namespace, "link", "set", "eth0", "up");
  }

  @Override
  public void close() {
    try {
      LossyLink.run("ip", "netns", "del", namespace);
    } catch (IOException | RuntimeException e) {
      // Nothing was made, or it is gone already.
    }
  }
}
