package io.nanoedge.device.presence;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Motion;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.device.DeviceFacts;
import io.nanoedge.device.DeviceSettings;
import io.nanoedge.device.PirInput;
import io.nanoedge.device.bridge.EventBusBridgeVerticle;
import io.nanoedge.device.driver.Drivers;
import io.nanoedge.device.driver.MotionDebouncer;
import io.nanoedge.device.driver.MotionSensor;
import io.nanoedge.health.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence role (presence detection): a PIR at {@code presence.location}; each debounced motion is
 * published as a {@link Motion} fact on {@link Addresses#MOTION} and, with {@code presence.detect} (entrances),
 * also delivered to the controller as a retried DETECT command, so a controller failover loses no visit.
 */
public class PresenceVerticle extends RoleVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceVerticle.class);
  private PirInput pir;
  private DeviceFacts facts;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    DeviceSettings.Presence settings = DeviceSettings.Presence.from(config);
    String location = settings.location();
    String node = settings.node();
    DeviceSettings.Pir pirSettings = settings.pir();
    String driver = pirSettings.driver();
    MotionSensor sensor = Drivers.motionSensor(vertx, pirSettings, "presence (" + location + ")");
    String source = node + "/" + switch (driver) {
      case "pi4j" -> "pi4j:bcm" + pirSettings.pin();
      case "coap" -> "coap:" + pirSettings.coapPort();
      default -> driver;
    };
    pir = new PirInput(vertx, sensor, new MotionDebouncer(pirSettings.debounceMs(), pirSettings.holdMs()), location);
    facts = new DeviceFacts(vertx, node, "pir", "presence:" + location, driver, location);
    DetectSender detect = settings.detect()
        ? new DetectSender(vertx, settings.detectTimeout(), settings.detectRetryMs()) : null;
    return pir.start(at -> {
      Motion motion = new Motion(location, at, source);
      Bus.publish(vertx.eventBus(), Addresses.MOTION, motion);
      LOG.info("motion at {} ({})", location, source);
      facts.activity();
      if (detect != null) {
        detect.send(motion).onFailure(t -> LOG.warn("motion at {} reached no controller: {}", location,
            t.getMessage()));
      }
    }).compose(v -> EventBusBridgeVerticle.deployIfEnabled(vertx, config))
        .onSuccess(v -> {
          facts.start();
          readiness().up("presence", () -> new JsonObject().put("location", location)
              .put("driver", driver));
        });
  }

  @Override
  public Future<?> stop() {
    readiness().unregister("presence");
    facts.stop();
    return pir.stop();
  }
}
