package io.nanoedge.device;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.TagHash;
import io.nanoedge.bus.TagSighting;
import io.nanoedge.device.ble.TagSightings;
import io.nanoedge.device.driver.SimulatedTagScanner;
import io.nanoedge.device.driver.TagScanner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A BLE scanner at a location as the ble and room roles use it: scans return hashed, de-duplicated
 * sightings; a simulated scanner also answers {@link Addresses#simulateTag} (the shell's {@code simulate tag}).
 */
public final class TagInput {
  private static final Set<String> SIMULATE_FIELDS = Set.of("tag", "seconds", "rssi");
  private final Vertx vertx;
  private final TagScanner scanner;
  private final TagSightings sightings;
  private final String location;
  private MessageConsumer<Object> simulate;

  public TagInput(Vertx vertx, TagScanner scanner, TagSightings sightings, String location) {
    this.vertx = vertx;
    this.scanner = scanner;
    this.sightings = sightings;
    this.location = location;
  }

  /** The hashing rules of a scanner: its tag key and RSSI floor. */
  public static TagSightings sightings(DeviceSettings.Scanner scanner) {
    return new TagSightings(scanner.tagHash(), scanner.rssiFloor());
  }

  public Future<Void> start() {
    if (scanner instanceof SimulatedTagScanner sim) {
      simulate = Bus.serve(vertx.eventBus(), Addresses.simulateTag(location), body -> {
        Fields.onlyKnown(body, SIMULATE_FIELDS);
        String tag = Fields.requireString(body, "tag");
        TagHash.normalise(tag);
        int seconds = Fields.optInt(body, "seconds", 10, 1, 3600);
        int rssi = Fields.optInt(body, "rssi", -60, -127, 20);
        sim.inRange(tag, seconds, rssi);
        return Future.succeededFuture(new JsonObject().put("location", location).put("seconds", seconds)
            .put("rssi", rssi));
      });
      return simulate.completion();
    }
    return Future.succeededFuture();
  }

  public Future<List<TagSighting>> scan(Duration window) {
    return scanner.scan(window).map(sightings::hashed);
  }

  public Future<Void> stop() {
    Future<Void> unregistered = simulate == null ? Future.succeededFuture() : simulate.unregister();
    return Future.join(unregistered, scanner.close()).mapEmpty();
  }

  /** Rejects a request for another location with a message naming both. */
  public void requireLocation(String requested) {
    if (!location.equals(requested)) {
      throw NanoException.badRequest("this scanner is at '" + location + "', not at '" + requested + "'");
    }
  }
}
