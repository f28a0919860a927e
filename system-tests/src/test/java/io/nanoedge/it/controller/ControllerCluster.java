package io.nanoedge.it.controller;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.launcher.Node;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.SiteCerts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A static-TCP cluster on loopback for process-level tests: this test JVM as one member (hosting stand-in
 * services), plus controller nodes started as separate JVMs with {@code run --roles controller --cluster},
 * each on free cluster and ops ports (their output: {@link NodeProcess#log()} files in the temp directory).
 */
final class ControllerCluster implements AutoCloseable {
  private final List<Integer> clusterPorts = new ArrayList<>();
  private final List<Process> controllers = new ArrayList<>();
  private final Map<String, String> extraEnv;
  private final List<String> jvmOptions;
  private Node member;

  /** Small controller JVMs (as on a Pi): the JIT's first tier only, a 128 MB heap. */
  static final List<String> SMALL_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  ControllerCluster(int controllerCount, Map<String, String> extraEnv, List<String> jvmOptions) {
    for (int i = 0; i <= controllerCount; i++) {
      clusterPorts.add(Ports.freeTcp());
    }
    this.extraEnv = extraEnv;
    this.jvmOptions = jvmOptions;
  }

  private String members() {
    return clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** Starts this JVM's member (no roles: the test registers its stand-ins on its event bus). */
  Node startMember() throws Exception {
    NanoConfig config = NanoConfig.builder().set("cluster.enabled", "true", "").set("cluster.config", "static", "")
        .set("cluster.host", "127.0.0.1", "").set("cluster.members", members(), "")
        .set("cluster.port", Integer.toString(clusterPorts.get(0)), "").set("ops.port", "0", "")
        .set("ops.host", "127.0.0.1", "").set("node.id", "test-member", "").build();
    config = SiteCerts.site().apply(config);
    member = Node.start(config, List.of()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return member;
  }

  /** Starts controller JVM number {@code i} (1-based) from nanoedge.jar. */
  Process startController(int i) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(NodeProcess.staticMember("ctl-" + i, clusterPorts.get(i),
        Ports.freeTcp(), clusterPorts));
    env.put("NANOEDGE_OPS_HOST", "127.0.0.1");
    env.putAll(extraEnv);
    NodeProcess node = NodeProcess.start(env, jvmOptions, "run", "--roles", "controller", "--cluster");
    controllers.add(node.process());
    return node.process();
  }

  int clusterSize() {
    return ((VertxInternal) member.vertx()).clusterManager().getNodes().size();
  }

  @Override
  public void close() throws Exception {
    for (Process p : controllers) {
      if (p.isAlive()) {
        p.destroy();
      }
    }
    for (Process p : controllers) {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (member != null) {
      member.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  /** The node id of the leading controller, or null while none answers. */
  static String leader(Vertx vertx) {
    try {
      return await(Bus.requestJson(vertx.eventBus(), Addresses.VISITS.address(), new JsonObject(), Duration.ofMillis(
          500)))
          .getString("leader");
    } catch (Exception e) {
      return null;
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
