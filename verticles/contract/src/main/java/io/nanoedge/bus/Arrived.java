package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** The controller's reply to an {@link Arrival}: the journeys this door presence completed (maybe none). */
public record Arrived(List<String> journeys) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("journeys");

  public Arrived {
    journeys = List.copyOf(journeys);
  }

  public static Arrived fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Arrived(Fields.stringList(json, "journeys", true));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("journeys", Fields.toArray(journeys));
  }
}
