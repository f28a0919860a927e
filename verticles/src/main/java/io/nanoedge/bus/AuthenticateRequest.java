package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Which of these tag hashes, seen at {@code location} at {@code at}, belong to expected participants? */
public record AuthenticateRequest(String location, List<String> hashes, Instant at) {
  private static final Set<String> FIELDS = Set.of("location", "hashes", "at");

  public AuthenticateRequest {
    if (location == null || location.isBlank()) {
      throw NanoException.badRequest("field 'location' is required and must be a non-empty string");
    }
    hashes = List.copyOf(hashes);
    for (int i = 0; i < hashes.size(); i++) {
      TagHash.requireValid(hashes.get(i), "hashes[" + i + "]");
    }
    at = at == null ? Instant.now() : at;
  }

  public static AuthenticateRequest fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new AuthenticateRequest(Fields.requireString(json, "location"),
        Fields.stringList(json, "hashes", true), Fields.optInstant(json, "at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("location", location).put("hashes", Fields.toArray(hashes))
        .put("at", at.toString());
  }
}
