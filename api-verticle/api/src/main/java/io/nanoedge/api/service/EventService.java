package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events on MySQL: a meeting in a room for a time window, with a host and participants. Two scheduled events
 * may not overlap in one room (409); a cancelled event frees its slot. Also the room calendar and the participant
 * list. A host (the {@code host} argument) sees and changes only the events they host. The input rules live in
 * {@link EventInput}, the row mapping in {@link EventRows}, the calendar in
 * {@link FreeBusy}: this class holds the statements and transactions.
 */
public final class EventService implements Crud {
  private final Database db;

  public EventService(Database db) {
    this.db = db;
  }

  @Override
  public String collection() {
    return "events";
  }

  @Override
  public Future<JsonObject> list(Map<String, String> query, Long host) {
    Params params = Params.of(query, Set.of("limit", "offset", "roomId", "from", "to", "state"));
    Page page = Page.from(params);
    List<String> where = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (host != null) {
      where.add("e.host_id = ?");
      args.add(host);
    }
    Long roomId = params.optLong("roomId");
    if (roomId != null) {
      where.add("e.room_id = ?");
      args.add(roomId);
    }
    Instant from = params.optInstant("from");
    if (from != null) {
      where.add("e.ends_at > ?");
      args.add(Rows.db(from));
    }
    Instant to = params.optInstant("to");
    if (to != null) {
      where.add("e.starts_at < ?");
      args.add(Rows.db(to));
    }
    String state = params.optString("state");
    if (state != null) {
      if (!EventInput.STATES.contains(state)) {
        throw NanoException.badRequest("query parameter 'state' must be 'scheduled' or 'cancelled'");
      }
      where.add("e.state = ?");
      args.add(state);
    }
    String table = "FROM events e" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
    return db.run(sql -> Queries.page(sql, page, EventRows.COLUMNS, table, "e.starts_at, e.id", args, EventRows::json));
  }

  @Override
  public Future<JsonObject> get(long id, Long host) {
    return db.run(sql -> hosted(sql, id, host, false).compose(v -> find(sql, id)));
  }

  static Future<JsonObject> find(SqlClient sql, long id) {
    return Queries.one(sql, "SELECT " + EventRows.COLUMNS + " FROM events e WHERE e.id = ?", id, "event",
        EventRows::json);
  }

  /**
   * 404 unless event {@code id} exists and, when {@code host} is given, is hosted by that person: another host's
   * event is answered exactly like a missing one, so a host cannot even learn which ids exist.
   * {@code lock} takes the row for the rest of the transaction.
   */
  static Future<Void> hosted(SqlClient sql, long id, Long host, boolean lock) {
    return sql.preparedQuery("SELECT host_id FROM events WHERE id = ?" + (lock ? " FOR UPDATE" : ""))
        .execute(Tuple.of(id)).map(rows -> {
          Row row = Rows.first(rows);
          if (row == null || host != null && !host.equals(row.getLong("host_id"))) {
            throw NanoException.notFound("no event " + id);
          }
          return null;
        });
  }

  /** 404 unless event {@code id} exists and {@code host} (when given) hosts it; for checks before other work. */
  public Future<Void> hosted(long id, Long host) {
    return db.run(sql -> hosted(sql, id, host, false));
  }

  @Override
  public Future<JsonObject> create(JsonObject body, Long host) {
    EventInput e = EventInput.from(body).hostedBy(host);
    return db.transaction(sql -> check(sql, e, 0)
        .compose(v -> sql.preparedQuery("INSERT INTO events (title, room_id, starts_at, ends_at, host_id, state) "
            + "VALUES (?, ?, ?, ?, ?, ?)").execute(Tuple.of(e.title(), e.roomId(), Rows.db(e.start()),
            Rows.db(e.end()), e.hostId(), e.state())))
        .compose(rows -> {
          long id = rows.property(MySQLClient.LAST_INSERTED_ID);
          return replaceParticipants(sql, id, e.participantIds() == null ? List.of() : e.participantIds())
              .compose(v -> find(sql, id));
        }));
  }

  @Override
  public Future<JsonObject> update(long id, JsonObject body, Long host) {
    EventInput e = EventInput.from(body).hostedBy(host);
    return db.transaction(sql -> hosted(sql, id, host, true)
        .compose(v -> check(sql, e, id))
        .compose(v -> sql.preparedQuery("UPDATE events SET title = ?, room_id = ?, starts_at = ?, ends_at = ?, "
            + "host_id = ?, state = ? WHERE id = ?").execute(Tuple.of(e.title(), e.roomId(), Rows.db(e.start()),
            Rows.db(e.end()), e.hostId(), e.state(), id)))
        .compose(v -> e.participantIds() == null ? Future.succeededFuture()
            : replaceParticipants(sql, id, e.participantIds()))
        .compose(v -> find(sql, id)));
  }

  /** References exist, and a scheduled event does not overlap another scheduled one in its room. */
  private static Future<Void> check(SqlClient sql, EventInput e, long selfId) {
    return References.roomForUpdate(sql, e.roomId())
        .compose(v -> References.persons(sql, "hostId", e.hostId() == null ? List.of() : List.of(e.hostId())))
        .compose(v -> References.persons(sql, "participantIds",
            e.participantIds() == null ? List.of() : e.participantIds()))
        .compose(v -> !e.scheduled() ? Future.succeededFuture()
            : sql.preparedQuery("SELECT id, title, starts_at, ends_at FROM events WHERE room_id = ? "
                + "AND state = 'scheduled' AND starts_at < ? AND ends_at > ? AND id <> ? LIMIT 1")
            .execute(Tuple.of(e.roomId(), Rows.db(e.end()), Rows.db(e.start()), selfId))
            .map(rows -> {
              Row clash = Rows.first(rows);
              if (clash != null) {
                throw NanoException.conflict("room " + e.roomId() + " is already booked from "
                    + Rows.iso(clash, "starts_at") + " to " + Rows.iso(clash, "ends_at") + " by event "
                    + clash.getLong("id") + " '" + clash.getString("title") + "'");
              }
              return null;
            }));
  }

  @Override
  public Future<Void> delete(long id, Long host) {
    return db.transaction(sql -> hosted(sql, id, host, true).compose(v -> Queries.delete(sql, "events", id, "event")));
  }

  public Future<JsonObject> participants(long eventId, Long host) {
    return db.run(sql -> hosted(sql, eventId, host, false).compose(v -> participantsOf(sql, eventId)));
  }

  /** Replaces the participant list with {@code {"personIds": [...]}}. */
  public Future<JsonObject> setParticipants(long eventId, JsonObject body, Long host) {
    Fields.onlyKnown(body, Set.of("personIds"));
    List<Long> ids = EventInput.personIds(body, "personIds");
    return db.transaction(sql -> hosted(sql, eventId, host, true)
        .compose(v -> References.persons(sql, "personIds", ids))
        .compose(v -> replaceParticipants(sql, eventId, ids))
        .compose(v -> participantsOf(sql, eventId)));
  }

  private static Future<JsonObject> participantsOf(SqlClient sql, long eventId) {
    return sql.preparedQuery("SELECT e.id AS event_id, p.id, p.name FROM events e "
            + "LEFT JOIN event_participants ep ON ep.event_id = e.id LEFT JOIN persons p ON p.id = ep.person_id "
            + "WHERE e.id = ? ORDER BY p.id").execute(Tuple.of(eventId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw NanoException.notFound("no event " + eventId);
          }
          JsonArray people = new JsonArray();
          rows.forEach(r -> {
            if (r.getLong("id") != null) {
              people.add(new JsonObject().put("personId", r.getLong("id")).put("name", r.getString("name")));
            }
          });
          return new JsonObject().put("eventId", eventId).put("participants", people);
        });
  }

  private static Future<Void> replaceParticipants(SqlClient sql, long eventId, List<Long> ids) {
    Future<Void> cleared = sql.preparedQuery("DELETE FROM event_participants WHERE event_id = ?")
        .execute(Tuple.of(eventId)).mapEmpty();
    if (ids.isEmpty()) {
      return cleared;
    }
    return cleared.compose(v -> sql.preparedQuery("INSERT INTO event_participants (event_id, person_id) "
        + "VALUES (?, ?)").executeBatch(ids.stream().map(p -> Tuple.of(eventId, p)).toList()).mapEmpty());
  }

  /**
   * Free/busy of a room between {@code from} and {@code to} (at most 62 days), for a calendar view. A host sees
   * when the room is taken by other hosts' events, but not which events they are.
   */
  public Future<JsonObject> availability(long roomId, Map<String, String> query, Long host) {
    Params params = Params.of(query, Set.of("from", "to"));
    FreeBusy.Window window = new FreeBusy.Window(params.requireInstant("from"), params.requireInstant("to"));
    return db.run(sql -> RoomService.find(sql, roomId)
        .compose(room -> sql.preparedQuery("SELECT id, title, host_id, starts_at, ends_at FROM events "
            + "WHERE room_id = ? AND state = 'scheduled' AND starts_at < ? AND ends_at > ? ORDER BY starts_at")
            .execute(Tuple.of(roomId, Rows.db(window.to()), Rows.db(window.from()))))
        .map(rows -> {
          List<FreeBusy.Busy> busy = new ArrayList<>();
          rows.forEach(r -> busy.add(EventRows.busy(r, host)));
          return FreeBusy.of(roomId, window, busy);
        }));
  }

  /** The guests the host expects without a tag, by name ({@code {"eventId", "guests": [...]}}). */
  public Future<JsonObject> guests(long eventId, Long host) {
    return db.run(sql -> hosted(sql, eventId, host, false).compose(v -> guestsOf(sql, eventId)));
  }

  /** Replaces the expected guests with {@code {"guests": ["David", ...]}} (at most 50 names of 100 characters). */
  public Future<JsonObject> setGuests(long eventId, JsonObject body, Long host) {
    Fields.onlyKnown(body, Set.of("guests"));
    if (!body.containsKey("guests")) {
      throw NanoException.badRequest("field 'guests' is required");
    }
    List<String> names = Texts.list(body, "guests", 50, 100).stream().map(String::strip)
        .filter(n -> !n.isEmpty()).distinct().toList();
    return db.transaction(sql -> hosted(sql, eventId, host, true)
        .compose(v -> sql.preparedQuery("DELETE FROM event_guests WHERE event_id = ?").execute(Tuple.of(eventId)))
        .compose(v -> names.isEmpty() ? Future.succeededFuture() : sql.preparedQuery("INSERT INTO event_guests "
            + "(event_id, name) VALUES (?, ?)").executeBatch(names.stream().map(n -> Tuple.of(eventId, n)).toList()))
        .compose(v -> guestsOf(sql, eventId)));
  }

  private static Future<JsonObject> guestsOf(SqlClient sql, long eventId) {
    return sql.preparedQuery("SELECT name FROM event_guests WHERE event_id = ? ORDER BY name")
        .execute(Tuple.of(eventId)).map(rows -> {
          JsonArray names = new JsonArray();
          rows.forEach(r -> names.add(r.getString("name")));
          return new JsonObject().put("eventId", eventId).put("guests", names);
        });
  }
}
