package io.nanoedge.device.driver;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * A BLE scanner at one location. It returns raw ids, which must not leave the node: the ble and room
 * roles hash them at once ({@link io.nanoedge.bus.TagHash}) and never log them.
 */
public interface TagScanner {
  /** Driver name as configured: {@code sim} or {@code bluez}. */
  String driver();

  /** Listens for {@code window} and returns every sighting in it (duplicates allowed). */
  Future<List<RawSighting>> scan(Duration window);

  Future<Void> close();

  /** One advertisement heard: the raw tag id (MAC or iBeacon uuid/major/minor) and its RSSI in dBm. */
  record RawSighting(String rawId, int rssi) {
    /** Never prints the raw id, so a sighting that ends up in a log or an exception leaks nothing. */
    @Override
    public String toString() {
      return "RawSighting[rawId=<redacted>, rssi=" + rssi + "]";
    }
  }
}
