package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** The controller's reply to a detection: the visit it opened, or the one still scanning it was folded into. */
public record Detected(String visitId, String status, boolean folded) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("visitId", "status", "folded");

  public Detected {
    Fields.id(visitId, "visitId");
    Fields.nonBlank(status, "status");
  }

  public static Detected fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Detected(Fields.requireString(json, "visitId"), Fields.requireString(json, "status"),
        Fields.optBoolean(json, "folded", false));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("visitId", visitId).put("status", status).put("folded", folded);
  }
}
