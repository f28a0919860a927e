package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** The controller's open visits: who leads, the visits, and the status records still waiting for the API. */
public record VisitList(String leader, List<VisitSummary> visits, int pendingRecords) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("leader", "visits", "pendingRecords");

  public VisitList {
    visits = List.copyOf(visits);
  }

  public static VisitList fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new VisitList(Fields.optString(json, "leader"),
        Fields.objectList(json, "visits", true, VisitSummary::fromJson),
        Fields.optInt(json, "pendingRecords", 0, 0, Integer.MAX_VALUE));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("leader", leader)
        .put("visits", Fields.toArray(visits.stream().map(VisitSummary::toJson).toList()))
        .put("pendingRecords", pendingRecords);
  }

  /** The request: {@code active} leaves out visits that only wait for their statuses to be stored. */
  public record Query(boolean active) implements BusMessage {
    private static final Set<String> FIELDS = Set.of("active");

    public static Query fromJson(JsonObject json) {
      Fields.onlyKnown(json, FIELDS);
      return new Query(Fields.optBoolean(json, "active", false));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("active", active);
    }
  }
}
