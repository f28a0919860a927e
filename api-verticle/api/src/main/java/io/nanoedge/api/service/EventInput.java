package io.nanoedge.api.service;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An event as a client sends it, checked before anything touches the database: a bad field is a 400 naming it.
 * {@code participantIds} is null when the body does not mention them (an update then keeps them).
 */
record EventInput(String title, long roomId, Instant start, Instant end, Long hostId, String state,
    List<Long> participantIds) {
  static final Set<String> STATES = Set.of("scheduled", "cancelled");
  private static final Set<String> FIELDS = Set.of("title", "roomId", "start", "end", "hostId", "state",
      "participantIds");
  private static final Duration MAX_LENGTH = Duration.ofDays(7);
  private static final int MAX_PARTICIPANTS = 1000;

  static EventInput from(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    String title = Texts.require(json, "title", 200);
    long roomId = Fields.requireLong(json, "roomId");
    Instant start = Fields.inRange(Fields.requireInstant(json, "start"), "start").truncatedTo(ChronoUnit.MILLIS);
    Instant end = Fields.inRange(Fields.requireInstant(json, "end"), "end").truncatedTo(ChronoUnit.MILLIS);
    if (!end.isAfter(start)) {
      throw NanoException.badRequest("field 'end' must be after 'start'");
    }
    if (Duration.between(start, end).compareTo(MAX_LENGTH) > 0) {
      throw NanoException.badRequest("an event lasts at most 7 days ('start' to 'end')");
    }
    String state = Fields.optString(json, "state");
    state = state == null ? "scheduled" : state;
    if (!STATES.contains(state)) {
      throw NanoException.badRequest("field 'state' must be 'scheduled' or 'cancelled'");
    }
    return new EventInput(title, roomId, start, end, Fields.optLong(json, "hostId"), state,
        json.containsKey("participantIds") ? personIds(json, "participantIds") : null);
  }

  /** A list of person ids: positive integers, at most 1000, duplicates dropped in order. */
  static List<Long> personIds(JsonObject json, String field) {
    JsonArray array = Fields.requireArray(json, field);
    if (array.size() > MAX_PARTICIPANTS) {
      throw NanoException.badRequest("field '" + field + "' has more than " + MAX_PARTICIPANTS + " items");
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      Object v = array.getValue(i);
      if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 1) {
        throw NanoException.badRequest("field '" + field + "[" + i + "]' must be a positive integer");
      }
      ids.add(((Number) v).longValue());
    }
    return List.copyOf(ids);
  }

  /**
   * The event as {@code host} may store it (null: an admin, anything goes): a host books only events they host, so
   * a missing hostId becomes theirs and another person's is refused.
   */
  EventInput hostedBy(Long host) {
    if (host == null || host.equals(hostId)) {
      return this;
    }
    if (hostId != null) {
      throw new NanoException(ErrorCode.FORBIDDEN, "field 'hostId' must be your own person id (" + host
          + "): a host books events they host");
    }
    return new EventInput(title, roomId, start, end, host, state, participantIds);
  }

  boolean scheduled() {
    return state.equals("scheduled");
  }
}
