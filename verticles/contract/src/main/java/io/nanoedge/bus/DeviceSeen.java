package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A device announcing itself (the shell's {@code devices}): which node, what it is, its driver and location. */
public record DeviceSeen(String node, String kind, String id, String driver, String location, String at,
    String lastActivity) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("node", "kind", "id", "driver", "location", "at", "lastActivity");

  public DeviceSeen {
    Fields.nonBlank(node, "node");
    Fields.nonBlank(kind, "kind");
    Fields.nonBlank(id, "id");
  }

  public static DeviceSeen fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new DeviceSeen(Fields.requireString(json, "node"), Fields.requireString(json, "kind"),
        Fields.requireString(json, "id"), Fields.optString(json, "driver"), Fields.optString(json, "location"),
        Fields.optString(json, "at"), Fields.optString(json, "lastActivity"));
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("node", node).put("kind", kind).put("id", id).put("driver", driver)
        .put("location", location).put("at", at);
    return lastActivity == null ? json : json.put("lastActivity", lastActivity);
  }
}
