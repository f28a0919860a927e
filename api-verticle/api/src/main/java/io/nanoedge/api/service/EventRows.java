package io.nanoedge.api.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** How an event row reads back as the API's JSON: the columns selected and their mapping. */
final class EventRows {
  /** The columns of an event, its participants folded into one comma-separated column. */
  static final String COLUMNS = "e.id, e.title, e.room_id, e.starts_at, e.ends_at, e.host_id, "
      + "e.state, (SELECT GROUP_CONCAT(p.person_id ORDER BY p.person_id) FROM event_participants p "
      + "WHERE p.event_id = e.id) AS participants";

  private EventRows() {
  }

  static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title"))
        .put("roomId", r.getLong("room_id")).put("start", Rows.iso(r, "starts_at")).put("end", Rows.iso(r, "ends_at"))
        .put("hostId", r.getLong("host_id")).put("state", r.getString("state"))
        .put("participantIds", new JsonArray(Rows.longs(r, "participants")));
  }

  /** A busy slot; which event it is stays hidden from a {@code host} who does not host it. */
  static FreeBusy.Busy busy(Row r, Long host) {
    boolean shown = host == null || host.equals(r.getLong("host_id"));
    return new FreeBusy.Busy(shown ? r.getLong("id") : null, shown ? r.getString("title") : null,
        Rows.instant(r.getLocalDateTime("starts_at")), Rows.instant(r.getLocalDateTime("ends_at")));
  }
}
