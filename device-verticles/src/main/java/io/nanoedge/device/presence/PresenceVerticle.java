package io.nanoedge.device.presence;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Motion;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.device.DeviceFacts;
import io.nanoedge.device.DeviceHealth;
import io.nanoedge.device.PirInput;
import io.nanoedge.device.bridge.EventBusBridgeVerticle;
import io.nanoedge.device.driver.Drivers;
import io.nanoedge.device.driver.MotionDebouncer;
import io.nanoedge.device.driver.MotionSensor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence role (the seed's PDS): a PIR at {@code presence.location}; each debounced motion is
 * published as a {@link Motion} fact on {@link Addresses#MOTION} and, with {@code presence.detect} (entrances),
 * also delivered to the controller as a retried DETECT command, so a controller failover loses no visit.
 */
public class PresenceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceVerticle.class);
  private PirInput pir;
  private DeviceFacts facts;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    String location = config.string(Keys.PRESENCE_LOCATION);
    String node = config.string(Keys.NODE_ID);
    String driver = config.string(Keys.PRESENCE_DRIVER);
    int pin = config.integer(Keys.PRESENCE_PIN);
    MotionSensor sensor = Drivers.motionSensor(vertx, config, driver, pin, config.integer(Keys.PRESENCE_COAP_PORT),
        "presence (" + location + ")");
    String source = node + "/" + switch (driver) {
      case "pi4j" -> "pi4j:bcm" + pin;
      case "coap" -> "coap:" + config.integer(Keys.PRESENCE_COAP_PORT);
      default -> driver;
    };
    pir = new PirInput(vertx, sensor,
        new MotionDebouncer(config.integer(Keys.PRESENCE_DEBOUNCE_MS), config.integer(Keys.PRESENCE_HOLD_MS)), location);
    facts = new DeviceFacts(vertx, node, "pir", "presence:" + location, driver, location);
    DetectSender detect = config.bool(Keys.PRESENCE_DETECT) ? new DetectSender(vertx,
        Duration.ofMillis(config.integer(Keys.BUS_TIMEOUT_MS)), config.integer(Keys.PRESENCE_DETECT_RETRY_MS)) : null;
    return pir.start(at -> {
      Motion motion = new Motion(location, at, source);
      vertx.eventBus().publish(Addresses.MOTION, motion.toJson());
      LOG.info("motion at {} ({})", location, source);
      facts.activity();
      if (detect != null) {
        detect.send(motion).onFailure(t -> LOG.warn("motion at {} reached no controller: {}", location,
            t.getMessage()));
      }
    }).compose(v -> EventBusBridgeVerticle.deployIfEnabled(vertx, config))
        .onSuccess(v -> {
          facts.start();
          DeviceHealth.register(vertx, "presence", () -> new JsonObject().put("location", location)
              .put("driver", driver));
        });
  }

  @Override
  public Future<?> stop() {
    DeviceHealth.unregister(vertx, "presence");
    facts.stop();
    return pir.stop();
  }
}
