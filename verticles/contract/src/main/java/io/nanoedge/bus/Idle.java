package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Return a room's display to its idle content; {@code eventId}, when given, must be the event shown. */
public record Idle(Long eventId) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("eventId");

  public static Idle fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Idle(Fields.optLong(json, "eventId"));
  }

  @Override
  public JsonObject toJson() {
    return eventId == null ? new JsonObject() : new JsonObject().put("eventId", eventId);
  }

  /** The room's reply: the display is idle. */
  public record Done(boolean idle) implements BusMessage {
    public static Done fromJson(JsonObject json) {
      Fields.onlyKnown(json, Set.of("idle"));
      return new Done(Fields.optBoolean(json, "idle", false));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("idle", idle);
    }
  }
}
