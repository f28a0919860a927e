package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Which of these tag hashes, seen at {@code location} at {@code at}, belong to expected participants? */
public record AuthenticateRequest(String location, List<String> hashes, Instant at) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("location", "hashes", "at");

  public AuthenticateRequest {
    Fields.location(location, "location");
    hashes = Fields.tagHashes(hashes, "hashes");
    at = at == null ? Instant.now() : Fields.storable(at, "at");
  }

  public static AuthenticateRequest fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new AuthenticateRequest(Fields.requireString(json, "location"),
        Fields.stringList(json, "hashes", true), Fields.optInstant(json, "at"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("location", location).put("hashes", Fields.toArray(hashes))
        .put("at", at.toString());
  }
}
