package io.nanoedge.device.led;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.LedChanged;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.GuideStop;
import io.nanoedge.device.driver.Gpio;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two journeys guided along the same path on Pi4J mock outputs never switch each other's LEDs off. */
@ExtendWith(VertxExtension.class)
class SharedPathPi4jTest {
  private static final String VERTICLE = LedGuidanceVerticle.class.getName();

  @Test
  @Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
  void twoJourneysOnOnePathKeepEachOthersLedsOn(Vertx vertx) {
    // GIVEN LED nodes c1 (BCM 22) and c2 (BCM 23) on mock GPIO, and a listener for the agent's moves
    deploy(vertx, VERTICLE, config("led.node", "c1", "led.driver", "pi4j", "gpio.provider", "mock",
        "led.pins", "22", "led.blink-ms", "40"));
    deploy(vertx, VERTICLE, config("led.node", "c2", "led.driver", "pi4j", "gpio.provider", "mock",
        "led.pins", "23", "led.blink-ms", "40"));
    var registry = await(Gpio.of(vertx, "mock")).context().registry();
    DigitalOutput c1 = registry.get(Gpio.ioId(22), DigitalOutput.class);
    DigitalOutput c2 = registry.get(Gpio.ioId(23), DigitalOutput.class);
    LongAdder c1Changes = new LongAdder();
    LongAdder c2Changes = new LongAdder();
    c1.addListener(event -> c1Changes.increment());
    c2.addListener(event -> c2Changes.increment());
    List<LedChanged> patterns = new CopyOnWriteArrayList<>();
    await(Bus.subscribe(vertx.eventBus(), Addresses.LED_CHANGED, patterns::add).completion());
    List<GuideHop> moves = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.GUIDE_MOVED.address(), m -> moves.add(GuideHop.fromJson(
        m.body())))
        .completion());
    Instant deadline = Instant.now().plusSeconds(60);

    // WHEN journey A (300 ms per segment) and journey B (60 s per segment) both start at c1
    List<String> path = List.of("c1", "c2");
    await(vertx.eventBus().request(Addresses.LED_NODE.at("c1").address(), GuideHop.start("A", "room-r", path, 300,
        deadline).toJson()));
    await(vertx.eventBus().request(Addresses.LED_NODE.at("c1").address(), GuideHop.start("B", "room-r", path, 60_000,
        deadline)
        .toJson()));

    // THEN A moves on to c2 while c1 keeps blinking for B, and c2 blinks for A
    assertThat(eventually(3000, () -> moves.stream().anyMatch(h -> h.journeyId().equals("A") && h.position() == 1)))
        .isTrue();
    assertThat(blinks(c1Changes, 3)).as("c1 blinks").isTrue();
    assertThat(blinks(c2Changes, 3)).as("c2 blinks").isTrue();

    // WHEN B is stopped
    vertx.eventBus().publish(Addresses.GUIDE_STOP.address(), new GuideStop("B", "arrived").toJson());

    // THEN c1 goes dark (its blink timer is gone: the pattern is off) but c2 keeps blinking for A
    assertThat(eventually(2000, () -> off(patterns, "c1") && c1.state() == DigitalState.LOW)).isTrue();
    assertThat(blinks(c2Changes, 3)).as("c2 still blinks").isTrue();

    // WHEN A is stopped (arrival reported by the room)
    vertx.eventBus().publish(Addresses.GUIDE_STOP.address(), new GuideStop("A", "arrived").toJson());

    // THEN c2 goes dark too, and B never reached c2
    assertThat(eventually(2000, () -> off(patterns, "c2") && c2.state() == DigitalState.LOW)).isTrue();
    assertThat(moves).noneMatch(h -> h.journeyId().equals("B") && h.position() == 1);
  }

  /** Whether the pin changes level {@code times} more times within 2 s. */
  private static boolean blinks(LongAdder changes, int times) {
    long from = changes.sum();
    return eventually(2000, () -> changes.sum() >= from + times);
  }

  /** Whether the node's last reported pattern is off. */
  private static boolean off(List<LedChanged> patterns, String node) {
    List<LedChanged> mine = patterns.stream().filter(p -> p.node().equals(node)).toList();
    return !mine.isEmpty() && mine.get(mine.size() - 1).pattern().equals("off");
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void aHopForAnotherNodeIsRefused(Vertx vertx) {
    // GIVEN LED node c1
    deploy(vertx, VERTICLE, config("led.node", "c1"));
    // WHEN it receives an agent whose current position is c2
    GuideHop hop = GuideHop.start("J", "room-r", List.of("c2", "c1"), 1000, Instant.now().plusSeconds(30));
    Throwable failure = catchFailure(vertx, hop);
    // THEN it answers 400 naming both nodes
    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
    assertThat(failure.getMessage()).contains("c2").contains("c1");
  }

  private static Throwable catchFailure(Vertx vertx, GuideHop hop) {
    try {
      await(vertx.eventBus().request(Addresses.LED_NODE.at("c1").address(), hop.toJson()));
      return null;
    } catch (AssertionError e) {
      return e.getCause();
    }
  }
}
