package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** One open visit as the controller shows it (the shell's {@code visits}, the reply to an admission). */
public record VisitSummary(String id, String location, String status, String step, String openedAt,
    List<JourneySummary> journeys) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("id", "location", "status", "step", "openedAt", "journeys");

  public VisitSummary {
    Fields.nonBlank(id, "id");
    journeys = List.copyOf(journeys);
  }

  public static VisitSummary fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new VisitSummary(Fields.requireString(json, "id"), Fields.optString(json, "location"),
        Fields.optString(json, "status"), Fields.optString(json, "step"), Fields.optString(json, "openedAt"),
        Fields.objectList(json, "journeys", false, JourneySummary::fromJson));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("location", location).put("status", status).put("step", step)
        .put("openedAt", openedAt).put("journeys", Fields.toArray(journeys.stream().map(JourneySummary::toJson)
            .toList()));
  }

  /** One journey of an open visit: who goes where, and how far they are. */
  public record JourneySummary(String id, String status, String step, long personId, String personName,
      long eventId, String roomLocation, List<String> ledPath, String guestName) implements BusMessage {
    private static final Set<String> FIELDS = Set.of("id", "status", "step", "personId", "personName", "eventId",
        "roomLocation", "ledPath", "guestName");

    public JourneySummary {
      Fields.nonBlank(id, "id");
      ledPath = List.copyOf(ledPath);
    }

    public static JourneySummary fromJson(JsonObject json) {
      Fields.onlyKnown(json, FIELDS);
      return new JourneySummary(Fields.requireString(json, "id"), Fields.optString(json, "status"),
          Fields.optString(json, "step"), Fields.requireLong(json, "personId"), Fields.optString(json, "personName"),
          Fields.requireLong(json, "eventId"), Fields.optString(json, "roomLocation"),
          Fields.stringList(json, "ledPath", false), Fields.optString(json, "guestName"));
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", id).put("status", status).put("step", step)
          .put("personId", personId).put("personName", personName).put("eventId", eventId)
          .put("roomLocation", roomLocation).put("ledPath", Fields.toArray(ledPath));
      if (guestName != null) {
        json.put("guestName", guestName);
      }
      return json;
    }
  }
}
