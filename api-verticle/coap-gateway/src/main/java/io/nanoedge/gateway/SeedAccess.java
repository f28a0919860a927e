package io.nanoedge.gateway;

import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.DeviceKind;
import io.nanoedge.bus.ErrorCode;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may use which seed resource: a registered device of the right kind, for its own location only (a PIR at the
 * entrance cannot open a visit at room S; a door of room R cannot report an arrival at room S). A {@code gateway}
 * device (a thesis-style controller board) may use every resource, still only for its own location.
 */
enum SeedAccess {
  DETECT(DeviceKind.PIR, DeviceKind.GATEWAY),
  SCAN(DeviceKind.SCANNER, DeviceKind.GATEWAY),
  API(DeviceKind.SCANNER, DeviceKind.GATEWAY),
  GUIDE(DeviceKind.DOOR, DeviceKind.GATEWAY);

  private final Set<DeviceKind> kinds;

  SeedAccess(DeviceKind... kinds) {
    this.kinds = Set.of(kinds);
  }

  String path() {
    return "/" + name().toLowerCase(Locale.ROOT);
  }

  /**
   * Fails 403 unless {@code device} may act at {@code location} through this resource. {@code device} null is a
   * plain-CoAP peer, which exists only when the site turned plain CoAP on: it may do what the seed allowed.
   */
  void check(DeviceCredential device, String location) {
    if (device == null) {
      return;
    }
    if (!kinds.contains(device.kind())) {
      throw ErrorCode.FORBIDDEN.exception("device " + device.id() + " is a " + device.kind().wire() + "; " + path()
          + " is for " + kinds.stream().map(DeviceKind::wire).sorted().collect(Collectors.joining(" or "))
          + " devices");
    }
    if (!device.location().equals(location)) {
      throw ErrorCode.FORBIDDEN.exception("device " + device.id() + " acts only for its own location "
          + device.location() + ", not " + location);
    }
  }
}
