package io.nanoedge.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nanoedge.testkit.Eventually;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cluster.config=k8s} between two "pods": two network namespaces with their own addresses, one node from the
 * built jar in each, configured as the manifests in {@code k8s/} configure a pod (the members' headless Service
 * name as {@code cluster.members}, the pod's own address as {@code cluster.host}, every member on port 5701). No
 * cluster DNS here: the JVMs read the name from a hosts file ({@code -Djdk.net.hosts.file}, set through
 * {@code JDK_JAVA_OPTIONS} as the image sets its flags) that lists both addresses, which is what a headless
 * Service's DNS answer is. Hazelcast's own Kubernetes discovery (DNS lookup mode) does the rest.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KubernetesDiscoveryIT {
  private static final String SERVICE = "nanoedge-members.nanoedge.svc.cluster.local";

  private NetnsLab lab;
  private final NodeProcess[] nodes = new NodeProcess[3];

  @AfterEach
  void removePods() throws InterruptedException {
    for (NodeProcess node : nodes) {
      if (node != null && node.alive()) {
        node.kill();
      }
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void aPodThatStartsLaterJoinsThroughTheHeadlessServiceName() throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("nanoedge.jar"));
    try {
      lab = NetnsLab.create(2);
    } catch (IOException e) {
      assumeTrue(false, "skipped: network namespaces cannot be created here (needs root and iproute2): "
          + e.getMessage());
    }
    Path logs = Files.createDirectories(jar.getParent().resolve("k8s-discovery-it"));
    // GIVEN the service name resolving to both pods' addresses (and this host's own names, which the JVM looks up too)
    Path hosts = logs.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost " + InetAddress.getLocalHost().getHostName() + "\n"
        + lab.address(1) + " " + SERVICE + "\n" + lab.address(2) + " " + SERVICE + "\n");
    String cluster = "nanoedge-k8s-it-" + UUID.randomUUID();

    // WHEN the first pod starts alone, and the second once the first is ready
    nodes[1] = start(jar, 1, hosts, cluster, logs.resolve("pod-1.log").toFile());
    awaitMembers(1, 1, logs);
    nodes[2] = start(jar, 2, hosts, cluster, logs.resolve("pod-2.log").toFile());

    // THEN both report one cluster of two
    awaitMembers(2, 2, logs);
    awaitMembers(1, 2, logs);
    // AND the second joined while starting, through the discovery: not by the merge check 10 s later (which is what
    // k8s.xml's wait.seconds.before.join=0 would leave: Hazelcast's discovery joiner never looks up at start then)
    String secondLog = Files.readString(logs.resolve("pod-2.log"));
    assertThat(secondLog).contains("Kubernetes Discovery activated with mode: DNS_LOOKUP")
        .doesNotContain("is merging");
  }

  private NodeProcess start(Path jar, int i, Path hosts, String cluster, File log) throws IOException {
    Files.deleteIfExists(log.toPath());
    Map<String, String> env = new LinkedHashMap<>(io.nanoedge.testkit.NodeProcess.staticMember("pod-" + i, 5701,
        NodeProcess.OPS_PORT, List.of(5701)));
    env.put("NANOEDGE_CLUSTER_CONFIG", "k8s");
    env.put("NANOEDGE_CLUSTER_MEMBERS", SERVICE);
    env.put("NANOEDGE_CLUSTER_HOST", lab.address(i));
    env.put("NANOEDGE_CLUSTER_PORT", "5701");
    env.put("NANOEDGE_CLUSTER_BUS_PORT", "5750");
    env.put("NANOEDGE_CLUSTER_NAME", cluster);
    // The discovery says which mode it runs in at INFO; nanoedge keeps Hazelcast at WARN otherwise.
    env.put("JDK_JAVA_OPTIONS", "-Djdk.net.hosts.file=" + hosts
        + " -Dorg.slf4j.simpleLogger.log.com.hazelcast.spi.discovery=info");
    return NodeProcess.start(lab.host(i), jar, "ops", env, log);
  }

  private void awaitMembers(int i, int members, Path logs) throws IOException {
    boolean reported = Eventually.within(Duration.ofSeconds(60), () -> {
      assertThat(nodes[i].alive()).as("pod-" + i + " is running").isTrue();
      return nodes[i].members() == members;
    });
    assertThat(reported).as("pod-" + i + " reports members=" + members + " (last " + nodes[i].members() + "):\n"
        + Files.readString(logs.resolve("pod-" + i + ".log"))).isTrue();
  }
}
