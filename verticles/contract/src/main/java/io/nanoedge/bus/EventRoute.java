package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Where a visitor admitted by hand goes for an event: the API's answer to a {@link Query} (which event, from
 * which entrance, for which person if known). {@code personName} is empty for a guest.
 */
public record EventRoute(long eventId, String eventTitle, long roomId, String roomLocation, List<String> ledPath,
    String personName) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("eventId", "eventTitle", "roomId", "roomLocation", "ledPath",
      "personName");

  public EventRoute {
    Fields.nonBlank(roomLocation, "roomLocation");
    eventTitle = eventTitle == null ? "" : eventTitle;
    personName = personName == null ? "" : personName;
    ledPath = List.copyOf(ledPath);
  }

  public static EventRoute fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new EventRoute(Fields.requireLong(json, "eventId"), Fields.optString(json, "eventTitle"),
        Fields.requireLong(json, "roomId"), Fields.requireString(json, "roomLocation"),
        Fields.stringList(json, "ledPath", false), Fields.optString(json, "personName"));
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("eventId", eventId).put("eventTitle", eventTitle).put("roomId", roomId)
        .put("roomLocation", roomLocation).put("ledPath", Fields.toArray(ledPath));
    return personName.isEmpty() ? json : json.put("personName", personName);
  }

  /** The request: the route to {@code eventId} from {@code location}, for {@code personId} when known. */
  public record Query(long eventId, String location, Long personId) implements BusMessage {
    private static final Set<String> FIELDS = Set.of("eventId", "location", "personId");

    public Query {
      Fields.location(location, "location");
    }

    public static Query fromJson(JsonObject json) {
      Fields.onlyKnown(json, FIELDS);
      return new Query(Fields.requireLong(json, "eventId"), Fields.requireString(json, "location"),
          Fields.optLong(json, "personId"));
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("eventId", eventId).put("location", location);
      return personId == null ? json : json.put("personId", personId);
    }
  }
}
