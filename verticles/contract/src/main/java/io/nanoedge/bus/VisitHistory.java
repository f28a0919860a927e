package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * One visit as the API stores it, for the shell's {@code visit}: its attributes (those with a value) and the
 * status lines of the visit and its journeys together, in time order. {@link Query} asks for it.
 */
public record VisitHistory(JsonObject visit, List<StatusRecord> timeline) implements BusMessage {
  public VisitHistory {
    visit = visit.copy();
    timeline = List.copyOf(timeline);
  }

  public static VisitHistory fromJson(JsonObject json) {
    Fields.onlyKnown(json, Set.of("visit", "timeline"));
    JsonObject visit = Fields.optObject(json, "visit");
    return new VisitHistory(visit == null ? new JsonObject() : visit,
        Fields.objectList(json, "timeline", false, StatusRecord::fromJson));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("visit", visit.copy())
        .put("timeline", Fields.toArray(timeline.stream().map(StatusRecord::toJson).toList()));
  }

  /** The request: the visit with this id. */
  public record Query(String visitId) implements BusMessage {
    public Query {
      Fields.nonBlank(visitId, "visitId");
      if (visitId.length() > 64) {
        throw NanoException.badRequest("field 'visitId' must be 1 to 64 characters");
      }
    }

    public static Query fromJson(JsonObject json) {
      Fields.onlyKnown(json, Set.of("visitId"));
      return new Query(Fields.requireString(json, "visitId"));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("visitId", visitId);
    }
  }
}
