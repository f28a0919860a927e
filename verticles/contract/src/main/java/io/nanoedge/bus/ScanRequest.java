package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Ask the scanner at {@code location} for the tags in range over a window of {@code windowMs}. */
public record ScanRequest(String location, int windowMs, String visitId) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("location", "windowMs", "visitId");
  public static final int MAX_WINDOW_MS = 60_000;

  public ScanRequest {
    Fields.location(location, "location");
    if (visitId != null) {
      Fields.id(visitId, "visitId");
    }
    if (windowMs < 0 || windowMs > MAX_WINDOW_MS) {
      throw NanoException.badRequest("field 'windowMs' must be between 0 and " + MAX_WINDOW_MS);
    }
  }

  public static ScanRequest fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new ScanRequest(Fields.requireString(json, "location"),
        Fields.requireInt(json, "windowMs", 0, MAX_WINDOW_MS), Fields.optString(json, "visitId"));
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("location", location).put("windowMs", windowMs);
    if (visitId != null) {
      json.put("visitId", visitId);
    }
    return json;
  }
}
