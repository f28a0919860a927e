package io.nanoedge.api.service;

import io.nanoedge.bus.NanoException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A room's calendar between two instants: the scheduled events that take time in it (busy) and the gaps between
 * them (free). Pure: the events come sorted by start from the database, overlapping or not.
 */
final class FreeBusy {
  private static final Duration MAX_SPAN = Duration.ofDays(62);

  /** One event that occupies the room; {@code eventId} and {@code title} are null when the caller may not know it. */
  record Busy(Long eventId, String title, Instant start, Instant end) {
  }

  /** The window asked for: {@code to} after {@code from}, at most 62 days, milliseconds only. */
  record Window(Instant from, Instant to) {
    Window {
      from = from.truncatedTo(ChronoUnit.MILLIS);
      to = to.truncatedTo(ChronoUnit.MILLIS);
      if (!to.isAfter(from)) {
        throw NanoException.badRequest("query parameter 'to' must be after 'from'");
      }
      if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
        throw NanoException.badRequest("query parameters 'from' to 'to' span at most 62 days");
      }
    }
  }

  private FreeBusy() {
  }

  /** {@code {"roomId", "from", "to", "busy": [...], "free": [...]}} for the calendar view. */
  static JsonObject of(long roomId, Window window, List<Busy> events) {
    JsonArray busy = new JsonArray();
    JsonArray free = new JsonArray();
    Instant cursor = window.from();
    for (Busy e : events) {
      JsonObject slot = slot(e.start(), e.end());
      busy.add(e.eventId() == null ? slot : slot.put("eventId", e.eventId()).put("title", e.title()));
      if (e.start().isAfter(cursor)) {
        free.add(slot(cursor, e.start()));
      }
      cursor = e.end().isAfter(cursor) ? e.end() : cursor;
    }
    if (window.to().isAfter(cursor)) {
      free.add(slot(cursor, window.to()));
    }
    return new JsonObject().put("roomId", roomId).put("from", window.from().toString())
        .put("to", window.to().toString()).put("busy", busy).put("free", free);
  }

  private static JsonObject slot(Instant start, Instant end) {
    return new JsonObject().put("start", start.toString()).put("end", end.toString());
  }
}
