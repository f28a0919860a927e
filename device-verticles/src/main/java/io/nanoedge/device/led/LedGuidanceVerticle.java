package io.nanoedge.device.led;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.LedChanged;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.device.DeviceFacts;
import io.nanoedge.device.DeviceSettings;
import io.nanoedge.device.bridge.EventBusBridgeVerticle;
import io.nanoedge.device.driver.Drivers;
import io.nanoedge.device.driver.LedOutput;
import io.nanoedge.health.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The led role (LED guidance): this node's LED segment on {@code led.node}, and the host of the
 * guide agents passing through it ({@link GuideAgents}). Publishes {@link Addresses#LED_CHANGED} whenever
 * the segment's pattern changes.
 */
public class LedGuidanceVerticle extends RoleVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(LedGuidanceVerticle.class);
  private LedOutput output;
  private LedSegment segment;
  private DeviceFacts facts;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    DeviceSettings.Led settings = DeviceSettings.Led.from(config);
    String nodeId = settings.ledNode();
    String node = settings.node();
    String location = settings.location();
    String driver = settings.driver();
    return Drivers.ledOutput(vertx, settings, "led (" + nodeId + ")").compose(out -> {
      output = out;
      facts = new DeviceFacts(vertx, node, "led", "led:" + nodeId, driver, location);
      segment = new LedSegment(new LedPattern(vertx, out), settings.blinkMs(), s -> {
        Bus.publish(vertx.eventBus(), Addresses.LED_CHANGED, new LedChanged(nodeId,
            s.kind().name().toLowerCase(Locale.ROOT), s.journeys().size(), driver, Instant.now().toString()));
        facts.activity();
      });
      GuideAgents agents = new GuideAgents(vertx, nodeId, location, segment);
      MessageConsumer<Object> hops = Bus.serve(vertx.eventBus(), Addresses.LED_NODE.at(nodeId), agents::arrive);
      MessageConsumer<Object> stops = Bus.subscribe(vertx.eventBus(), Addresses.GUIDE_STOP, agents::stop);
      MessageConsumer<Object> motions = Bus.subscribe(vertx.eventBus(), Addresses.MOTION, agents::motion);
      return Future.join(hops.completion(), stops.completion(), motions.completion());
    }).compose(v -> EventBusBridgeVerticle.deployIfEnabled(vertx, config))
        .onSuccess(v -> {
          facts.start();
          readiness().up("led", () -> new JsonObject().put("node", nodeId).put("driver", driver)
              .put("pattern", segment.kind().name().toLowerCase(Locale.ROOT))
              .put("journeys", segment.journeys().size()));
        });
  }

  @Override
  public Future<?> stop() {
    readiness().unregister("led");
    if (facts != null) {
      facts.stop();
    }
    segment.shutdown();
    return output.close();
  }
}
