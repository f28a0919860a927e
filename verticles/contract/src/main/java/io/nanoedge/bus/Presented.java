package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** The room's reply to {@link Present}: the event's documents are on the display. */
public record Presented(boolean presented, int documents) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("presented", "documents");

  public static Presented fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Presented(Fields.optBoolean(json, "presented", false),
        Fields.optInt(json, "documents", 0, 0, Integer.MAX_VALUE));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("presented", presented).put("documents", documents);
  }
}
