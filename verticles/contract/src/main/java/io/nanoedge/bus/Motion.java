package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;

/** A PIR saw movement at {@code location}; {@code source} names the sensor (node/pin or device). */
public record Motion(String location, Instant at, String source) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("location", "at", "source");

  public Motion {
    Fields.location(location, "location");
    at = at == null ? Instant.now() : Fields.storable(at, "at");
    source = source == null ? "unknown" : Fields.text(source, "source", Fields.MAX_ID);
  }

  public static Motion fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Motion(Fields.requireString(json, "location"), Fields.optInstant(json, "at"),
        Fields.optString(json, "source"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("location", location).put("at", at.toString()).put("source", source);
  }
}
