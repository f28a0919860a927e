package io.nanoedge.device.driver;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Beacons that come and go: {@link #inRange} puts a tag in range for some seconds; a scan reports every
 * tag that was in range at some moment of its window. Must be used from one context (the verticle's).
 */
public final class SimulatedTagScanner implements TagScanner {
  private final Vertx vertx;
  private final Map<String, Beacon> beacons = new HashMap<>();

  private record Beacon(long untilMillis, int rssi) {
  }

  public SimulatedTagScanner(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public String driver() {
    return "sim";
  }

  /** The tag (raw id) is heard at {@code rssi} dBm from now for {@code seconds}. */
  public void inRange(String rawId, int seconds, int rssi) {
    beacons.put(rawId, new Beacon(System.currentTimeMillis() + seconds * 1000L, rssi));
  }

  @Override
  public Future<List<RawSighting>> scan(Duration window) {
    long start = System.currentTimeMillis();
    Future<Void> waited = window.isZero() ? Future.succeededFuture() : vertx.timer(window.toMillis()).mapEmpty();
    return waited.map(v -> {
      List<RawSighting> seen = new ArrayList<>();
      beacons.forEach((id, b) -> {
        if (b.untilMillis() > start) {
          seen.add(new RawSighting(id, b.rssi()));
        }
      });
      long now = System.currentTimeMillis();
      beacons.values().removeIf(b -> b.untilMillis() <= now);
      return seen;
    });
  }

  @Override
  public Future<Void> close() {
    beacons.clear();
    return Future.succeededFuture();
  }
}
