package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A device's credential was rotated or revoked: every front drops what it cached for {@code id}. */
public record DevicesChanged(String id) implements BusMessage {
  public DevicesChanged {
    id = Fields.id(id, "id");
  }

  public static DevicesChanged fromJson(JsonObject json) {
    Fields.onlyKnown(json, Set.of("id"));
    return new DevicesChanged(Fields.requireString(json, "id"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("id", id);
  }
}
