package io.nanoedge.device.driver;

import io.vertx.core.json.JsonObject;

/** Whatever shows the room's content: the kiosk web page, or a test double. */
public interface Display {
  /** Shows {@code state} ({@code {"mode": "idle"|"meeting", ...}}), replacing what was shown. */
  void show(JsonObject state);
}
