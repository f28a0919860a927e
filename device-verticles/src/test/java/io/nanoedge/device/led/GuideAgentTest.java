package io.nanoedge.device.led;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static io.nanoedge.device.DeviceTests.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.GuideStop;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guide agent on simulated LED nodes c1 (at location spot-1) → c2: presence, stop and deadline. */
@ExtendWith(VertxExtension.class)
class GuideAgentTest {
  private static final List<String> PATH = List.of("c1", "c2");
  private final List<GuideHop> moves = new CopyOnWriteArrayList<>();
  private final Map<String, List<String>> patterns = new ConcurrentHashMap<>();

  @BeforeEach
  void twoNodes(Vertx vertx) {
    deploy(vertx, LedGuidanceVerticle.class.getName(), config("led.node", "c1", "led.location", "spot-1"));
    deploy(vertx, LedGuidanceVerticle.class.getName(), config("led.node", "c2"));
    await(Bus.subscribe(vertx.eventBus(), Addresses.GUIDE_MOVED, moves::add).completion());
    await(Bus.subscribe(vertx.eventBus(), Addresses.LED_CHANGED,
        change -> patterns.computeIfAbsent(change.node(), n -> new CopyOnWriteArrayList<>()).add(change.pattern()))
        .completion());
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void presenceAtTheNodesLocationSendsTheAgentOnAtOnce(Vertx vertx) {
    // GIVEN an agent at c1 with a one-minute segment time
    await(vertx.eventBus().request(Addresses.LED_NODE.at("c1").address(),
        GuideHop.start("J", "room-r", PATH, 60_000, Instant.now().plusSeconds(120)).toJson()));
    // WHEN the PIR at c1's location sees the person
    vertx.eventBus().publish(Addresses.MOTION.address(), new Motion("spot-1", null, "pir").toJson());
    // THEN the agent is at c2 right away and c1 is dark
    assertThat(eventually(2000, () -> moves.size() == 2)).isTrue();
    assertThat(moves.get(1).node()).isEqualTo("c2");
    assertThat(eventually(2000, () -> List.of("blink", "off").equals(patterns.get("c1")))).isTrue();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void aHopForAStoppedJourneyIsRefused(Vertx vertx) {
    // GIVEN journey J was stopped (arrived) before its agent reached c2
    vertx.eventBus().publish(Addresses.GUIDE_STOP.address(), new GuideStop("J", "arrived").toJson());
    // WHEN the agent arrives at c2
    GuideHop late = GuideHop.start("J", "room-r", PATH, 1000, Instant.now().plusSeconds(60)).next();
    NanoException failure = failure(Bus.requestJson(vertx.eventBus(), Addresses.LED_NODE.at(late.node()).address(),
        late.toJson()));
    // THEN c2 refuses it with 409 and stays dark
    assertThat(failure.code().status()).isEqualTo(409);
    assertThat(patterns.get("c2")).isNull();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void theLastNodeGoesDarkAtTheDeadline(Vertx vertx) {
    // WHEN an agent reaches the last node with its deadline 500 ms away and no arrival comes
    await(vertx.eventBus().request(Addresses.LED_NODE.at("c2").address(),
        GuideHop.start("J", "room-r", PATH, 100, Instant.now().plusMillis(500)).next().toJson()));
    // THEN the segment blinks, then goes dark at the deadline
    assertThat(eventually(3000, () -> List.of("blink", "off").equals(patterns.get("c2")))).isTrue();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void aRepeatedHopIsAcceptedOnce(Vertx vertx) {
    // WHEN the same hop is delivered twice (a retried command)
    GuideHop hop = GuideHop.start("J", "room-r", PATH, 60_000, Instant.now().plusSeconds(60));
    JsonObject first = await(Bus.requestJson(vertx.eventBus(), Addresses.LED_NODE.at("c1").address(), hop.toJson()));
    JsonObject second = await(Bus.requestJson(vertx.eventBus(), Addresses.LED_NODE.at("c1").address(), hop.toJson()));
    // THEN the second is answered as already there and the agent moved in once
    assertThat(first.getBoolean("already")).isFalse();
    assertThat(second.getBoolean("already")).isTrue();
    assertThat(moves).hasSize(1);
  }
}
