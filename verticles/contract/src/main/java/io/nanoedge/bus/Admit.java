package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The host lets a visitor in by hand: either a known person ({@code personId}) or a guest by name, for
 * {@code eventId}. Exactly one of personId and guestName is given.
 */
public record Admit(String visitId, Long personId, String guestName, long eventId, String by) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("visitId", "personId", "guestName", "eventId", "by");

  public Admit {
    Fields.id(visitId, "visitId");
    boolean guest = guestName != null && !guestName.isBlank();
    if ((personId == null) == !guest) {
      throw NanoException.badRequest("exactly one of 'personId' and 'guestName' is required");
    }
    Fields.text(guestName, "guestName", Fields.MAX_NAME);
    by = by == null ? "host" : Fields.text(by, "by", Fields.MAX_NAME);
  }

  public static Admit fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new Admit(Fields.requireString(json, "visitId"), Fields.optLong(json, "personId"),
        Fields.optString(json, "guestName"), Fields.requireLong(json, "eventId"), Fields.optString(json, "by"));
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("visitId", visitId).put("eventId", eventId).put("by", by);
    if (personId != null) {
      json.put("personId", personId);
    }
    if (guestName != null) {
      json.put("guestName", guestName);
    }
    return json;
  }
}
