package io.nanoedge.device;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.SimulatedTag;
import io.nanoedge.bus.TagHash;
import io.nanoedge.bus.TagSighting;
import io.nanoedge.device.ble.TagSightings;
import io.nanoedge.device.driver.SimulatedTagScanner;
import io.nanoedge.device.driver.TagScanner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.List;

/**
 * A BLE scanner at a location as the ble and room roles use it: scans return hashed, de-duplicated
 * sightings; a simulated scanner also answers {@link Addresses#SIMULATE_TAG} (the shell's {@code simulate tag}).
 */
public final class TagInput {
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
      simulate = Bus.serve(vertx.eventBus(), Addresses.SIMULATE_TAG.at(location), beacon -> {
        TagHash.normalise(beacon.tag());
        sim.inRange(beacon.tag(), beacon.seconds(), beacon.rssi());
        return Future.succeededFuture(new SimulatedTag.InRange(location, beacon.seconds(), beacon.rssi()));
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
