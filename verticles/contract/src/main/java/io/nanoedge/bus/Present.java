package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** The first participant has arrived: the room at {@code roomLocation} presents the event's documents. */
public record Present(long eventId, String roomLocation, String journeyId, long personId) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("eventId", "roomLocation", "journeyId", "personId");

  public Present {
    if (roomLocation == null || roomLocation.isBlank()) {
      throw NanoException.badRequest("field 'roomLocation' is required");
    }
    if (journeyId == null || journeyId.isBlank()) {
      throw NanoException.badRequest("field 'journeyId' is required");
    }
  }

  public static Present fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Present(Fields.requireLong(json, "eventId"), Fields.requireString(json, "roomLocation"),
        Fields.requireString(json, "journeyId"), Fields.requireLong(json, "personId"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("eventId", eventId).put("roomLocation", roomLocation).put("journeyId", journeyId)
        .put("personId", personId);
  }
}
