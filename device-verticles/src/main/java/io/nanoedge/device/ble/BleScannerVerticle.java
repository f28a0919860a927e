package io.nanoedge.device.ble;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ScanResult;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.device.DeviceFacts;
import io.nanoedge.device.DeviceSettings;
import io.nanoedge.device.TagInput;
import io.nanoedge.device.bridge.EventBusBridgeVerticle;
import io.nanoedge.device.driver.Drivers;
import io.nanoedge.health.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ble role (BLE scanning): answers {@link ScanRequest}s for {@code ble.location} on
 * {@link Addresses#bleScan} with a {@link ScanResult} of keyed hashes after the requested window.
 * Raw tag ids stay inside this verticle and its driver.
 */
public class BleScannerVerticle extends RoleVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(BleScannerVerticle.class);
  private TagInput tags;
  private DeviceFacts facts;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    DeviceSettings.Ble settings = DeviceSettings.Ble.from(config);
    String location = settings.location();
    String driver = settings.scanner().driver();
    TagSightings sightings = TagInput.sightings(settings.scanner());
    facts = new DeviceFacts(vertx, settings.node(), "ble", "ble:" + location, driver, location);
    return Drivers.tagScanner(vertx, settings.scanner()).compose(scanner -> {
      tags = new TagInput(vertx, scanner, sightings, location);
      MessageConsumer<Object> scans = Bus.serve(vertx.eventBus(), Addresses.BLE_SCAN.at(location), request -> {
        tags.requireLocation(request.location());
        return tags.scan(Duration.ofMillis(request.windowMs())).map(seen -> {
          LOG.info("scan at {} for {} ms: {} tag(s)", location, request.windowMs(), seen.size());
          facts.activity();
          return new ScanResult(location, seen);
        });
      });
      return Future.join(tags.start(), scans.completion());
    }).compose(v -> EventBusBridgeVerticle.deployIfEnabled(vertx, config))
        .onSuccess(v -> {
          facts.start();
          readiness().up("ble", () -> new JsonObject().put("location", location).put("driver", driver));
        });
  }

  @Override
  public Future<?> stop() {
    readiness().unregister("ble");
    facts.stop();
    return tags == null ? Future.succeededFuture() : tags.stop();
  }
}
