package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * One line of the status log, valid for the columns it is stored in (ids, time, reason, data): a record the
 * controller can make, the API can store. {@code seq} is the subject's own sequence number (1, 2, 3…), so an append
 * retried after a lost reply is stored once. {@code data} carries the subject's attributes that the read
 * side keeps (location, personId, eventId, roomId, guestName…); {@code reason} explains a NOT status.
 */
public record StatusRecord(Kind kind, String id, String visitId, int seq, Status status, Instant at,
    String reason, JsonObject data) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("kind", "id", "visitId", "seq", "status", "at", "reason", "data");

  /** What a status line is about. */
  public enum Kind { VISIT, JOURNEY }

  public StatusRecord {
    if (kind == null) {
      throw NanoException.badRequest("field 'kind' must be 'visit' or 'journey'");
    }
    Fields.id(id, "id");
    visitId = kind == Kind.VISIT ? id : visitId;
    if (visitId == null) {
      throw NanoException.badRequest("field 'visitId' is required for a journey");
    }
    Fields.id(visitId, "visitId");
    if (seq < 1) {
      throw NanoException.badRequest("field 'seq' must be 1 or more");
    }
    if (status == null) {
      throw NanoException.badRequest("field 'status' is required");
    }
    // A machine's clock: checked against what the column holds, not against 2000..2100 (see Fields#storable).
    at = at == null ? Instant.now() : Fields.storable(at, "at");
    // Composed by the controller, partly from others' words: cleaned, never a reason to refuse the line.
    reason = Fields.clean(reason, Fields.MAX_REASON);
    data = Fields.statusData(data);
  }

  public static StatusRecord fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    String kind = Fields.requireString(json, "kind");
    Kind k;
    try {
      k = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw NanoException.badRequest("field 'kind' must be 'visit' or 'journey'");
    }
    return new StatusRecord(k, Fields.requireString(json, "id"), Fields.optString(json, "visitId"),
        Fields.requireInt(json, "seq", 1, Integer.MAX_VALUE), Status.fromWire(Fields.requireString(json, "status")),
        Fields.optInstant(json, "at"), Fields.optString(json, "reason"), Fields.optObject(json, "data"));
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind.name().toLowerCase(Locale.ROOT)).put("id", id)
        .put("visitId", visitId).put("seq", seq).put("status", status.wire()).put("at", at.toString())
        .put("data", data.copy());
    if (reason != null) {
      json.put("reason", reason);
    }
    return json;
  }
}
