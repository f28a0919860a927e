package io.nanoedge.shell;

import io.nanoedge.bus.DeviceSeen;
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

  /** Records a fact: the newest per node, kind and id. */
  synchronized void seen(DeviceSeen fact, Instant at) {
    String key = fact.node() + "\u0000" + fact.kind() + "\u0000" + fact.id();
    devices.remove(key);
    if (devices.size() >= MAX_DEVICES) {
      devices.remove(devices.keySet().iterator().next());
    }
    devices.put(key, new Device(fact.node(), fact.kind(), fact.id(), text(fact.driver()), text(fact.location()), at));
  }

  synchronized List<Device> all() {
    List<Device> out = new ArrayList<>(devices.values());
    out.sort(Comparator.comparing(Device::node).thenComparing(Device::kind).thenComparing(Device::id));
    return out;
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
