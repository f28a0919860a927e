package io.nanoedge.shell;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices this shell has heard of: every {@code nanoedge.devices.seen} fact, newest per node, kind
 * and id. Facts may be missed (publish is at-most-once), so a shell asks devices to announce themselves
 * again when it starts.
 */
final class DeviceDirectory {
  /** One device as last announced. */
  record Device(String node, String kind, String id, String driver, String location, Instant lastSeen) {
  }

  private static final int MAX_DEVICES = 1000;
  private final Map<String, Device> devices = new LinkedHashMap<>();

  /** Records a fact; returns false (and keeps nothing) when it lacks node, kind or id. */
  synchronized boolean seen(JsonObject fact, Instant at) {
    String node = text(fact, "node");
    String kind = text(fact, "kind");
    String id = text(fact, "id");
    if (node.isEmpty() || kind.isEmpty() || id.isEmpty()) {
      return false;
    }
    String key = node + "\u0000" + kind + "\u0000" + id;
    devices.remove(key);
    if (devices.size() >= MAX_DEVICES) {
      devices.remove(devices.keySet().iterator().next());
    }
    devices.put(key, new Device(node, kind, id, text(fact, "driver"), text(fact, "location"), at));
    return true;
  }

  synchronized List<Device> all() {
    List<Device> out = new ArrayList<>(devices.values());
    out.sort(Comparator.comparing(Device::node).thenComparing(Device::kind).thenComparing(Device::id));
    return out;
  }

  private static String text(JsonObject json, String field) {
    Object value = json.getValue(field);
    return value == null ? "" : String.valueOf(value);
  }
}
