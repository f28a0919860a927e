package io.nanoedge.it.scale;

import java.io.IOException;
import java.util.List;

/**
 * A server node's own network namespace ({@link NetnsVeth}): the node binds the namespace's end, every other node of
 * the site the host's end, so taking the veth down cuts that node off from all of them (a server whose link went
 * down) and bringing it up heals the partition.
 */
final class PartitionLink implements AutoCloseable {
  private final NetnsVeth ns;

  private PartitionLink(NetnsVeth ns) {
    this.ns = ns;
  }

  static PartitionLink create() throws IOException {
    return new PartitionLink(NetnsVeth.create("nep", 233));
  }

  String hostAddress() {
    return ns.hostAddress();
  }

  String nodeAddress() {
    return ns.nsAddress();
  }

  /** What a node is started behind to live in the namespace. */
  List<String> prefix() {
    return List.of("ip", "netns", "exec", ns.namespace());
  }

  void cut() throws IOException {
    NetnsVeth.run("ip", "-n", ns.namespace(), "link", "set", "eth0", "down");
  }

  void heal() throws IOException {
    NetnsVeth.run("ip", "-n", ns.namespace(), "link", "set", "eth0", "up");
  }

  @Override
  public void close() {
    ns.close();
  }
}
