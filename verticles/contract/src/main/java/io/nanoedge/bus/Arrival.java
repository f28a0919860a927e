package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Someone is at a room's door ({@code location}): the door PIR fired and the door scanner saw these tag
 * hashes (possibly none: an admitted guest has no tag).
 */
public record Arrival(String location, List<String> hashes, Instant at) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("location", "hashes", "at");

  public Arrival {
    Fields.location(location, "location");
    hashes = Fields.tagHashes(hashes, "hashes");
    at = at == null ? Instant.now() : Fields.storable(at, "at");
  }

  public static Arrival fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Arrival(Fields.requireString(json, "location"), Fields.stringList(json, "hashes", false),
        Fields.optInstant(json, "at"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("location", location).put("hashes", Fields.toArray(hashes)).put("at", at.toString());
  }
}
