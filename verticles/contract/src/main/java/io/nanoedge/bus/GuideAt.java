package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** An LED node's reply to a {@link GuideHop}: the agent is here; {@code already} when it was here before. */
public record GuideAt(String node, String journeyId, int position, boolean already) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("node", "journeyId", "position", "already");

  public static GuideAt fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new GuideAt(Fields.requireString(json, "node"), Fields.requireString(json, "journeyId"),
        Fields.requireInt(json, "position", 0, Integer.MAX_VALUE), Fields.optBoolean(json, "already", false));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("journeyId", journeyId).put("position", position)
        .put("already", already);
  }
}
