package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** The participants recognised among the hashes, and the hashes nobody expected (not an error). */
public record AuthenticateResult(List<Participant> matches, List<String> unknown) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("matches", "unknown");

  public AuthenticateResult {
    matches = List.copyOf(matches);
    unknown = List.copyOf(unknown);
  }

  public static AuthenticateResult fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new AuthenticateResult(Fields.objectList(json, "matches", true, Participant::fromJson),
        Fields.stringList(json, "unknown", false));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("matches", Fields.toArray(matches.stream().map(Participant::toJson).toList()))
        .put("unknown", Fields.toArray(unknown));
  }
}
