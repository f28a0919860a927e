package io.nanoedge.it.controller;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.AuthenticateRequest;
import io.nanoedge.bus.AuthenticateResult;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.Participant;
import io.nanoedge.bus.ScanRequest;
import io.nanoedge.bus.ScanResult;
import io.nanoedge.bus.TagHash;
import io.nanoedge.bus.TagSighting;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.nanoedge.launcher.Node;
import io.nanoedge.testkit.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Benchmark, not a test (run by bench/controller/run.sh, skipped otherwise): drives N visits per second
 * through simulated devices on the event bus (scan window 0, every tag recognised, the LED node answering
 * and the person arriving at once) and reports the latency from motion (the DETECT command) to the guide
 * command reaching the first LED node: p50, p99, max. Once with the controller in this JVM, once with three
 * controller JVMs in a cluster (the simulated devices stay in this JVM, so every hop crosses processes).
 */
class ControllerBenchIT {
  private static final TagHash TAGS = new TagHash("bench-tag-key-0123456789");
  private static final int LOCATIONS = 20;
  private final int rate = Integer.getInteger("nanoedge.bench.rate", 50);
  private final int seconds = Integer.getInteger("nanoedge.bench.seconds", 20);
  private final int warmup = Integer.getInteger("nanoedge.bench.warmup", 5);

  @BeforeEach
  void onlyWhenAsked() {
    Assumptions.assumeTrue(Boolean.getBoolean("nanoedge.bench"), "benchmark: run bench/controller/run.sh");
  }

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void oneNode() throws Exception {
    NanoConfig config = NanoConfig.builder().set("ops.port", "0", "").set("ops.host", "127.0.0.1", "")
        .set("scan.window-ms", "0", "").set("node.id", "bench", "").build();
    Node node = Node.start(config, List.of(Role.CONTROLLER)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    try {
      Eventually.until("a controller leads", () -> ControllerCluster.leader(node.vertx()) != null,
          Duration.ofSeconds(60));
      run("one node (controller and simulated devices in one JVM)", node.vertx());
    } finally {
      node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void threeControllerJvms() throws Exception {
    try (ControllerCluster cluster = new ControllerCluster(3, Map.of("NANOEDGE_SCAN_WINDOW_MS", "0"),
        List.of("-Xmx256m"))) {
      Node member = cluster.startMember();
      for (int i = 1; i <= 3; i++) {
        cluster.startController(i);
      }
      Eventually.until("the controller cluster formed",
          () -> cluster.clusterSize() >= 4 && ControllerCluster.leader(member.vertx()) != null, Duration.ofSeconds(
              120));
      run("3 controller JVMs + simulated devices in a 4th (clustered, loopback)", member.vertx());
    }
  }

  private void run(String setup, Vertx vertx) throws Exception {
    int total = rate * (warmup + seconds);
    long[] sentAt = new long[total];
    String[] hashes = new String[total];
    for (int i = 0; i < total; i++) {
      hashes[i] = TAGS.hash(String.format("AA:BB:%02X:%02X:%02X:01", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
    }
    Map<String, Integer> visitorOf = new ConcurrentHashMap<>();
    Map<String, String> tagAt = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failures = new AtomicInteger();
    int measureFrom = rate * warmup;
    simulate(vertx, tagAt, visitorOf, hashes, (visitor, now) -> {
      if (visitor >= measureFrom) {
        latencies.add(now - sentAt[visitor]);
      }
    });

    long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long wait = start + i * periodNanos - System.nanoTime();
      if (wait > 0) {
        // The load generator's own rate: one visitor every period (pacing a benchmark, not waiting for a result).
        LockSupport.parkNanos(wait);
      }
      String location = "bench-" + (i % LOCATIONS);
      visitorOf.put(hashes[i], i);
      tagAt.put(location, hashes[i]);
      sentAt[i] = System.nanoTime();
      Bus.requestJson(vertx.eventBus(), Addresses.DETECT.address(), new Motion(location, null, "bench").toJson(),
              Duration.ofSeconds(5))
          .onFailure(t -> failures.incrementAndGet());
    }
    int expected = total - measureFrom;
    Eventually.within(Duration.ofSeconds(30), () -> latencies.size() + failures.get() >= expected);
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    int n = sorted.size();
    System.out.printf("BENCH controller | %s | %d visits/s for %d s after %d s warm-up | guided %d of %d"
        + " | motion->guide command p50 %.2f ms, p99 %.2f ms, max %.2f ms | detect failures %d%n", setup, rate,
        seconds, warmup, n, total - measureFrom, pct(sorted, 0.50), pct(sorted, 0.99),
        n == 0 ? 0.0 : sorted.get(n - 1) / 1e6, failures.get());
  }

  /** Told when the guide command for a visitor reaches the LED node. */
  private interface Guided {
    void at(int visitor, long nanoTime);
  }

  private static double pct(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
  }

  /** The simulated API and devices: every tag recognised, scans answered at once, arrivals immediate. */
  private static void simulate(Vertx vertx, Map<String, String> tagAt, Map<String, Integer> visitorOf,
      String[] hashes, Guided guided) {
    Bus.serveJson(vertx.eventBus(), Addresses.STATUS_APPEND.address(), body -> Future.succeededFuture(
        new JsonObject().put("stored", true)));
    Bus.serveJson(vertx.eventBus(), Addresses.AUTHENTICATE.address(), body -> {
      AuthenticateRequest req = AuthenticateRequest.fromJson(body);
      List<Participant> matches = req.hashes().stream().map(h -> new Participant(h, 1000L + visitorOf.get(h), "p", 1,
          "bench", 1, "bench-room", List.of("bench-led"))).toList();
      return Future.succeededFuture(new AuthenticateResult(matches, List.of()).toJson());
    });
    for (int i = 0; i < LOCATIONS; i++) {
      String location = "bench-" + i;
      Bus.serveJson(vertx.eventBus(), Addresses.BLE_SCAN.at(location).address(), body -> {
        ScanRequest.fromJson(body);
        return Future.succeededFuture(new ScanResult(location, List.of(new TagSighting(tagAt.get(location), -50)))
            .toJson());
      });
    }
    Bus.serveJson(vertx.eventBus(), Addresses.LED_NODE.at("bench-led").address(), body -> {
      long now = System.nanoTime();
      GuideHop hop = GuideHop.fromJson(body);
      int visitor = Integer.parseInt(hop.journeyId().substring(hop.journeyId().lastIndexOf('-') + 1)) - 1000;
      guided.at(visitor, now);
      // The person walks in at once, so the journey ends and the controller's state stays small.
      vertx.eventBus().request(Addresses.ARRIVAL.address(), new Arrival("bench-room", List.of(hashes[visitor]), null)
          .toJson());
      return Future.succeededFuture(new JsonObject().put("accepted", true));
    });
    Bus.serveJson(vertx.eventBus(), Addresses.ROOM_PRESENT.at("bench-room").address(), body -> Future.succeededFuture(
        new JsonObject().put("presented", true)));
  }
}
