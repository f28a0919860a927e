package io.nanoedge.it.devices;

import io.nanoedge.testkit.SiteCerts;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.GuideStop;
import io.nanoedge.cluster.ClusterConfigs;
import io.nanoedge.cluster.ClusterTls;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.ops.NodeBaseKeys;
import io.nanoedge.testkit.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static io.nanoedge.testkit.Eventually.await;
import static io.nanoedge.testkit.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide agent hopping across three LED nodes, each a separate clustered JVM started with the real
 * launcher ({@code run --roles led --cluster}, static TCP membership on 127.0.0.1), and stopping on arrival.
 * This test's JVM joins the same cluster as the controller would, to send the agent and watch it.
 */
class GuideAcrossClusterTest {
  private static final List<String> PATH = List.of("corridor-1", "corridor-2", "corridor-3");
  private final List<Process> nodes = new ArrayList<>();
  private Vertx vertx;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void agentHopsAcrossThreeJvmsAndStopsOnArrival() throws Exception {
    // GIVEN a cluster of this JVM and three LED node JVMs corridor-1..3 (unique cluster name, free ports)
    String cluster = "guide-test-" + UUID.randomUUID().toString().substring(0, 8);
    int[] ports = {Ports.freeTcp(), Ports.freeTcp(), Ports.freeTcp(), Ports.freeTcp()};
    String members = java.util.Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    NanoConfig config = NanoConfig.defaults().with(NodeBaseKeys.CLUSTER_CONFIG, "static").with(
        NodeBaseKeys.CLUSTER_MEMBERS, members)
        .with(NodeBaseKeys.CLUSTER_HOST, "127.0.0.1").with(NodeBaseKeys.CLUSTER_PORT, String.valueOf(ports[3]))
        .with(NodeBaseKeys.CLUSTER_NAME, cluster);
    config = SiteCerts.site().apply(config);
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    ClusterTls.apply(ClusterTls.load(config), options.getEventBusOptions());
    vertx = await(Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(
        ClusterConfigs.build(config))).buildClustered());

    Set<String> ledNodesSeen = ConcurrentHashMap.newKeySet();
    List<GuideHop> moves = new CopyOnWriteArrayList<>();
    Map<String, List<String>> patterns = new ConcurrentHashMap<>();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.DEVICE_SEEN.address(), m -> {
      if ("led".equals(m.body().getString("kind"))) {
        ledNodesSeen.add(m.body().getString("id"));
      }
    }).completion());
    await(Bus.subscribe(vertx.eventBus(), Addresses.GUIDE_MOVED, moves::add).completion());
    await(Bus.subscribe(vertx.eventBus(), Addresses.LED_CHANGED,
        change -> patterns.computeIfAbsent(change.node(), n -> new CopyOnWriteArrayList<>()).add(change.pattern()))
        .completion());
    for (int i = 0; i < 3; i++) {
      nodes.add(startLedNode(PATH.get(i), cluster, members, ports[i]));
    }
    assertThat(within(Duration.ofSeconds(90), () -> ledNodesSeen.size() == 3))
        .as("LED nodes announced: %s", ledNodesSeen)
        .isTrue();

    // WHEN the controller sends a guide agent for journey J-1 to the first node (800 ms per segment)
    GuideHop start = GuideHop.start("J-1", "room-r", PATH, 800, Instant.now().plusSeconds(120));
    JsonObject reply = await(Bus.requestJson(vertx.eventBus(), Addresses.LED_NODE.at("corridor-1").address(),
        start.toJson(),
        Duration.ofSeconds(5)));
    assertThat(reply.getString("node")).isEqualTo("corridor-1");

    // THEN it moves corridor-1 → corridor-2 → corridor-3, each node blinking, then off as the agent leaves
    assertThat(within(Duration.ofSeconds(20), () -> moves.size() == 3)).as("moves %s", moves).isTrue();
    assertThat(moves).extracting(GuideHop::node).containsExactly("corridor-1", "corridor-2", "corridor-3");
    assertThat(moves).extracting(GuideHop::journeyId).containsOnly("J-1");
    assertThat(within(Duration.ofSeconds(5), () -> List.of("blink", "off").equals(patterns.get("corridor-1"))
        && List.of("blink", "off").equals(patterns.get("corridor-2")))).as("patterns %s", patterns).isTrue();

    // AND at the last node it keeps blinking past the segment time, waiting for the arrival
    await(vertx.timer(2_000));
    assertThat(patterns.get("corridor-3")).containsExactly("blink");
    assertThat(moves).hasSize(3);

    // WHEN the controller reports the arrival (GuideStop)
    vertx.eventBus().publish(Addresses.GUIDE_STOP.address(), new GuideStop("J-1", "arrived").toJson());

    // THEN the last node switches its LEDs off
    assertThat(within(Duration.ofSeconds(10), () -> List.of("blink", "off").equals(patterns.get("corridor-3"))))
        .as("patterns %s", patterns).isTrue();
  }

  private static Process startLedNode(String ledNode, String cluster, String members, int clusterPort)
      throws IOException {
    Path log = Path.of("target", "cluster-" + ledNode + ".log");
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
        "-Dnanoedge.node.id=" + ledNode, "-Dnanoedge.cluster.config=static", "-Dnanoedge.cluster.members=" + members,
        "-Dnanoedge.cluster.host=127.0.0.1", "-Dnanoedge.cluster.port=" + clusterPort,
        "-Dnanoedge.cluster.name=" + cluster, "-Dnanoedge.ops.port=" + Ports.freeTcp(),
        "-Dnanoedge.led.node=" + ledNode, "-Dnanoedge.led.driver=sim", "-Dnanoedge.led.blink-ms=100"));
    command.addAll(SiteCerts.site().systemProperties());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.nanoedge.launcher.Main", "run", "--roles", "led", "--cluster"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("NANOEDGE_"));
    return builder.start();
  }

  @AfterEach
  void stopNodes() throws Exception {
    for (Process node : nodes) {
      node.destroy();
    }
    for (Process node : nodes) {
      if (!node.waitFor(15, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }
}
