package io.nanoedge.bus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a registered device is, which decides what it may do on a device front (a PIR reports motion at its own
 * location, a scanner its own tags…). One fixed list, shared by the API that registers devices and the fronts
 * that check them.
 */
public enum DeviceKind {
  PIR, SCANNER, DOOR, LED, DISPLAY, BRIDGE, GATEWAY;

  /** The lower-case name used in JSON and the database. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code wire}; a 400 naming {@code field} and the choices otherwise. */
  public static DeviceKind fromWire(String wire, String field) {
    for (DeviceKind kind : values()) {
      if (kind.wire().equals(wire)) {
        return kind;
      }
    }
    throw NanoException.badRequest("field '" + field + "' must be one of "
        + Arrays.stream(values()).map(DeviceKind::wire).collect(Collectors.joining(", ")) + ", got '" + wire + "'");
  }
}
