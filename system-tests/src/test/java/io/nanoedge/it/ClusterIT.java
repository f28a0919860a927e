package io.nanoedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two JVMs started from nanoedge.jar with the static configuration on 127.0.0.1 form one cluster. */
@Timeout(300)
class ClusterIT {
  private NodeProcess a;
  private NodeProcess b;

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (NodeProcess n : new NodeProcess[] {a, b}) {
      if (n != null) {
        n.close();
      }
    }
  }

  private void startPair() throws Exception {
    int portA = Ports.freeTcp();
    int portB = Ports.freeTcp();
    List<Integer> members = List.of(portA, portB);
    a = NodeProcess.start(NodeProcess.staticMember("node-a", portA, Ports.freeTcp(), members), List.of(),
        "run", "--roles", "ops", "--cluster");
    b = NodeProcess.start(NodeProcess.staticMember("node-b", portB, Ports.freeTcp(), members), List.of(),
        "run", "--roles", "ops", "--cluster");
    // A bound, not a pause: a node started in ~4 s on a quiet machine, in 52 s at load 39 on 2 cores.
    a.awaitMembers(2, Duration.ofSeconds(120));
    b.awaitMembers(2, Duration.ofSeconds(120));
    // The first message each way opens the bus's TLS connection, whose context a node sets up on first use: on a
    // loaded machine (load 30 on 2 cores measured) that took longer than the 2 s bus timeout. Bounded wait for it.
    assertThat(Eventually.within(Duration.ofSeconds(30), () -> a.get("/nodes/node-b").status() == 200
        && b.get("/nodes/node-a").status() == 200)).as("the two nodes answer each other over the bus").isTrue();
  }

  @Test
  void twoNodesFormOneClusterAndAnswerEachOthersRequests() throws Exception {
    // GIVEN two nodes in a static cluster (startPair waits for members: 2 on both)
    startPair();
    // WHEN node A asks node B for its info over the clustered event bus
    NodeProcess.Response fromA = a.get("/nodes/node-b");
    NodeProcess.Response fromB = b.get("/nodes/node-a");
    // THEN the consumer in the other JVM answers
    assertThat(fromA.status()).as(fromA.body()).isEqualTo(200);
    assertThat(fromA.json().getString("node")).isEqualTo("node-b");
    assertThat(fromA.json().getLong("pid")).isEqualTo(b.process().pid());
    assertThat(fromB.json().getLong("pid")).isEqualTo(a.process().pid());
  }

  @Test
  void afterSigkillTheSurvivorsRequestsFailFastWithAClearCode() throws Exception {
    startPair();
    // WHEN node B dies without a word
    b.kill();
    // THEN A's next requests to B fail within a few seconds (not the 30 s default) with 503 or 504 and a message
    long start = System.nanoTime();
    NodeProcess.Response first = a.get("/nodes/node-b");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(first.status()).as(first.body()).isIn(503, 504);
    assertThat(first.json().getString("message")).contains("nanoedge.node.info.node-b");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    // AND once the member is removed, requests fail at once with 503 and the cluster size is 1
    a.awaitMembers(1, Duration.ofSeconds(15));
    NodeProcess.Response later = a.get("/nodes/node-b");
    assertThat(later.status()).isEqualTo(503);
    assertThat(later.json().getString("error")).isEqualTo("unavailable");
  }

  @Test
  void sigtermLeavesTheClusterCleanlyAndExitsZero() throws Exception {
    startPair();
    // WHEN B is asked to stop as Swarm does
    int exit = b.terminate(Duration.ofSeconds(20));
    // THEN it exits 0 and A sees a cluster of one
    assertThat(exit).as(b.log()).isZero();
    assertThat(b.log()).contains("stopped");
    a.awaitMembers(1, Duration.ofSeconds(10));
  }

  @Test
  void configurationErrorsExitWithTwoAndNameTheKey() throws Exception {
    try (NodeProcess bad = NodeProcess.start(Map.of("NANOEDGE_OPS_PORT", "ninety"), List.of(), "run", "--roles",
        "ops")) {
      assertThat(bad.process().waitFor()).isEqualTo(2);
      assertThat(bad.log().strip()).isEqualTo(
          "nanoedge: configuration key 'ops.port' (from environment NANOEDGE_OPS_PORT) must be an integer between 0 "
              + "and 65535, got 'ninety'");
    }
  }
}
