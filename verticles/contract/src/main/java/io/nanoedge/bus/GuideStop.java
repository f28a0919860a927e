package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Stop guiding a journey (arrived, timed out, cancelled): every LED node drops its segment for it. */
public record GuideStop(String journeyId, String reason) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("journeyId", "reason");

  public GuideStop {
    if (journeyId == null || journeyId.isBlank()) {
      throw NanoException.badRequest("field 'journeyId' is required");
    }
    reason = reason == null ? "" : reason;
  }

  public static GuideStop fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new GuideStop(Fields.requireString(json, "journeyId"), Fields.optString(json, "reason"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("journeyId", journeyId).put("reason", reason);
  }
}
