package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * A recognised (or admitted) person on their way to an event: who, which event, which room, and the
 * LED path from the entrance to the room's door. {@code hash} is null for a person admitted by hand.
 */
public record Participant(String hash, long personId, String personName, long eventId, String eventTitle,
    long roomId, String roomLocation, List<String> ledPath) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("hash", "personId", "personName", "eventId", "eventTitle",
      "roomId", "roomLocation", "ledPath");

  public Participant {
    if (hash != null) {
      TagHash.requireValid(hash, "hash");
    }
    Fields.nonBlank(roomLocation, "roomLocation");
    personName = personName == null ? "" : personName;
    eventTitle = eventTitle == null ? "" : eventTitle;
    ledPath = List.copyOf(ledPath);
  }

  public static Participant fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Participant(Fields.optString(json, "hash"), Fields.requireLong(json, "personId"),
        Fields.optString(json, "personName"), Fields.requireLong(json, "eventId"),
        Fields.optString(json, "eventTitle"), Fields.requireLong(json, "roomId"),
        Fields.requireString(json, "roomLocation"), Fields.stringList(json, "ledPath", true));
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("personId", personId).put("personName", personName)
        .put("eventId", eventId).put("eventTitle", eventTitle).put("roomId", roomId)
        .put("roomLocation", roomLocation).put("ledPath", Fields.toArray(ledPath));
    if (hash != null) {
      json.put("hash", hash);
    }
    return json;
  }
}
