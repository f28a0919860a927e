package io.nanoedge.device.room;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.TagSighting;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.device.DeviceFacts;
import io.nanoedge.device.DeviceSettings;
import io.nanoedge.device.PirInput;
import io.nanoedge.device.TagInput;
import io.nanoedge.device.bridge.EventBusBridgeVerticle;
import io.nanoedge.device.driver.Drivers;
import io.nanoedge.device.driver.MotionDebouncer;
import io.nanoedge.device.driver.MotionSensor;
import io.nanoedge.health.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room role (the meeting-room service) for the room whose door is {@code room.location}: the door PIR and door
 * BLE scanner re-authenticate whoever arrives ({@link Arrival} to the controller), the present and idle
 * commands switch the display between the room's idle content and an event's documents, and the display
 * page is served on {@code display.port}.
 */
public class MeetingRoomVerticle extends RoleVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(MeetingRoomVerticle.class);
  private PirInput door;
  private TagInput tags;
  private DisplayServer display;
  private DeviceFacts pirFacts;
  private DeviceFacts bleFacts;
  private boolean scanning;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    DeviceSettings.Room settings = DeviceSettings.Room.from(config);
    String location = settings.location();
    String node = settings.node();
    String pirDriver = settings.doorPir().driver();
    String bleDriver = settings.doorScanner().driver();
    Duration window = settings.scanWindow();
    var sightings = TagInput.sightings(settings.doorScanner());
    MotionSensor sensor = Drivers.motionSensor(vertx, settings.doorPir(), "room door (" + location + ")");
    door = new PirInput(vertx, sensor,
        new MotionDebouncer(settings.doorPir().debounceMs(), settings.doorPir().holdMs()), location);
    pirFacts = new DeviceFacts(vertx, node, "pir", "room:" + location, pirDriver, location);
    bleFacts = new DeviceFacts(vertx, node, "ble", "room:" + location, bleDriver, location);
    display = new DisplayServer(vertx, settings.display());
    RoomPresenter presenter = new RoomPresenter(vertx.eventBus(), location, settings.name(), settings.idleText(),
        display);
    return Drivers.tagScanner(vertx, settings.doorScanner()).compose(scanner -> {
      tags = new TagInput(vertx, scanner, sightings, location);
      MessageConsumer<Object> present = Bus.serve(vertx.eventBus(), Addresses.ROOM_PRESENT.at(location),
          presenter::present);
      MessageConsumer<Object> idle = Bus.serve(vertx.eventBus(), Addresses.ROOM_IDLE.at(location),
          presenter::idle);
      return Future.join(tags.start(), present.completion(), idle.completion(),
          display.listen(presenter::document));
    }).compose(v -> door.start(at -> arrived(location, window, at)))
        .compose(v -> EventBusBridgeVerticle.deployIfEnabled(vertx, config))
        .onSuccess(v -> {
          pirFacts.start();
          bleFacts.start();
          LOG.info("room at door {}: display on port {}", location, display.port());
          readiness().up("room", () -> new JsonObject().put("door", location)
              .put("display", presenter.mode()).put("displayPort", display.port())
              .put("pir", pirDriver).put("ble", bleDriver));
        });
  }

  /** The door PIR fired: scan the door, then tell the controller who is there (hashes only). */
  private void arrived(String location, Duration window, Instant at) {
    pirFacts.activity();
    if (scanning) {
      return;
    }
    scanning = true;
    tags.scan(window).compose(seen -> {
      bleFacts.activity();
      Arrival arrival = new Arrival(location, seen.stream().map(TagSighting::hash).toList(), at);
      return Bus.request(vertx.eventBus(), Addresses.ARRIVAL, arrival);
    }).onComplete(r -> {
      scanning = false;
      if (r.succeeded()) {
        LOG.info("arrival at {}: journeys {}", location, r.result().journeys());
      } else {
        LOG.warn("arrival at {} not taken: {}", location, r.cause().getMessage());
      }
    });
  }

  @Override
  public Future<?> stop() {
    readiness().unregister("room");
    pirFacts.stop();
    bleFacts.stop();
    return Future.join(door.stop(), tags.stop(), display.close());
  }
}
