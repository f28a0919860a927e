package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** The reply to a status append: {@code stored} is false when that subject id + sequence was stored before. */
public record Stored(boolean stored) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("stored");

  public static Stored fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Stored(Fields.optBoolean(json, "stored", false));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("stored", stored);
  }
}
