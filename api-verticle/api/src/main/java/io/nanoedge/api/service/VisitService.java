package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.VisitHistory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read side of the workflow and its write path: the status log (appended idempotently on subject id +
 * sequence) and one row per visit and journey holding its latest status, so lists stay cheap.
 */
public final class VisitService {
  private static final int MAX_REASON = 500;
  private static final String VISIT_COLUMNS = "id, status, last_seq, location, person_id, event_id, room_id, "
      + "guest_name, created_at, updated_at";
  /**
   * The visits a host sees: those with a journey to an event they host, and those still open without any journey
   * (someone at an entrance nobody recognised yet: the host may be the one to admit them). Takes the host twice.
   */
  private static final String HOST_SEES = "(EXISTS (SELECT 1 FROM journeys hj JOIN events he ON he.id = hj.event_id "
      + "WHERE hj.visit_id = visits.id AND he.host_id = ?) OR (visits.status IN ('" + Status.INIT.wire() + "', '"
      + Status.DETECTED.wire() + "', '" + Status.SCANNED.wire() + "') AND NOT EXISTS (SELECT 1 FROM journeys hj "
      + "WHERE hj.visit_id = visits.id)))";
  private final Database db;

  public VisitService(Database db) {
    this.db = db;
  }

  /**
   * Stores a status record once: {@code true} if it is new, {@code false} if this subject id + sequence was
   * already stored (a retried append). The visit/journey row keeps the status of the highest sequence.
   */
  public Future<Boolean> append(StatusRecord record) {
    JsonObject data = record.data();
    String location = Fields.optString(data, "location");
    Long personId = Fields.optLong(data, "personId");
    Long eventId = Fields.optLong(data, "eventId");
    Long roomId = Fields.optLong(data, "roomId");
    String guestName = Fields.optString(data, "guestName");
    String reason = record.reason() == null || record.reason().length() <= MAX_REASON ? record.reason()
        : record.reason().substring(0, MAX_REASON);
    boolean journey = record.kind() == StatusRecord.Kind.JOURNEY;
    return db.transaction(sql -> sql.preparedQuery("INSERT INTO status_log (kind, subject_id, visit_id, seq, status, "
            + "at, reason, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.from(List.of(journey ? "journey" : "visit", record.id(), record.visitId(), record.seq(),
            record.status().wire(), Rows.db(record.at()), reason == null ? "" : reason, data.encode())))
        .map(true)
        // The unique key (subject id, seq) makes a retried append a duplicate: already stored, not an error.
        .recover(t -> Database.duplicateKey(t)
            ? Future.succeededFuture(false) : Future.failedFuture(t))
        .compose(inserted -> {
          if (!inserted) {
            return Future.succeededFuture(false);
          }
          String table = journey ? "journeys" : "visits";
          String visitColumn = journey ? "visit_id, " : "";
          List<Object> args = new ArrayList<>();
          args.add(record.id());
          if (journey) {
            args.add(record.visitId());
          }
          args.addAll(java.util.Arrays.asList(record.status().wire(), record.seq(), location, personId, eventId,
              roomId, guestName, Rows.db(record.at()), Rows.db(record.at())));
          return sql.preparedQuery("INSERT INTO " + table + " (id, " + visitColumn + "status, last_seq, location, "
                  + "person_id, event_id, room_id, guest_name, created_at, updated_at) VALUES (?, "
                  + (journey ? "?, " : "") + "?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
                  + "status = IF(VALUES(last_seq) > last_seq, VALUES(status), status), "
                  + "updated_at = IF(VALUES(last_seq) > last_seq, VALUES(updated_at), updated_at), "
                  + "location = COALESCE(VALUES(location), location), "
                  + "person_id = COALESCE(VALUES(person_id), person_id), "
                  + "event_id = COALESCE(VALUES(event_id), event_id), "
                  + "room_id = COALESCE(VALUES(room_id), room_id), "
                  + "guest_name = COALESCE(VALUES(guest_name), guest_name), "
                  + "last_seq = GREATEST(last_seq, VALUES(last_seq))")
              .execute(Tuple.from(args)).map(true);
        }));
  }

  /** A page of visits, newest first; a {@code host} (when given) sees only what {@link #HOST_SEES} lets them. */
  public Future<JsonObject> list(Map<String, String> query, Long host) {
    Params params = Params.of(query, Set.of("limit", "offset", "status"));
    Page page = Page.from(params);
    String status = params.optString("status");
    if (status != null) {
      Status.fromWire(status);
    }
    List<String> where = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (status != null) {
      where.add("status = ?");
      args.add(status);
    }
    if (host != null) {
      where.add(HOST_SEES);
      args.add(host);
    }
    String from = "FROM visits" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
    return db.run(sql -> Queries.page(sql, page, VISIT_COLUMNS, from, "created_at DESC, id", args,
        VisitService::subject));
  }

  /**
   * One visit with its own status timeline and its journeys, each with theirs; a {@code host} (when given) gets a
   * 404 for a visit they may not see and sees only the journeys to events they host.
   */
  public Future<JsonObject> get(String id, Long host) {
    if (id.length() > 64) {
      throw NanoException.badRequest("visit id must be 1 to 64 characters");
    }
    List<Object> args = new ArrayList<>(List.of(id));
    if (host != null) {
      args.add(host);
    }
    return db.run(sql -> sql.preparedQuery("SELECT " + VISIT_COLUMNS + " FROM visits WHERE id = ?"
            + (host == null ? "" : " AND " + HOST_SEES)).execute(Tuple.from(args))
        .compose(rows -> {
          Row row = Rows.first(rows);
          if (row == null) {
            throw NanoException.notFound("no visit " + id);
          }
          return details(sql, id, subject(row), host);
        }));
  }

  /**
   * One visit for the shell: {@code {"visit": {...attributes, "journeys": [ids]}, "timeline": [StatusRecord...]}},
   * the visit's and its journeys' status lines together in time order, so one table tells the whole story.
   * Attributes without a value are left out.
   */
  public Future<VisitHistory> history(String id) {
    return db.run(sql -> Queries.one(sql, "SELECT " + VISIT_COLUMNS + " FROM visits WHERE id = ?", id, "visit",
        VisitService::subject).compose(visit -> sql.preparedQuery("SELECT id FROM journeys WHERE visit_id = ? "
            + "ORDER BY created_at, id").execute(Tuple.of(id)).compose(journeys -> {
              JsonArray ids = new JsonArray();
              journeys.forEach(j -> ids.add(j.getString("id")));
              JsonObject attributes = new JsonObject();
              visit.forEach(e -> {
                if (e.getValue() != null) {
                  attributes.put(e.getKey(), e.getValue());
                }
              });
              return sql.preparedQuery("SELECT kind, subject_id, visit_id, seq, status, at, reason, data "
                      + "FROM status_log WHERE visit_id = ? ORDER BY at, seq, id").execute(Tuple.of(id))
                  .map(lines -> {
                    List<StatusRecord> timeline = new ArrayList<>();
                    lines.forEach(l -> timeline.add(record(l)));
                    return new VisitHistory(attributes.put("journeys", ids), timeline);
                  });
            })));
  }

  private static StatusRecord record(Row l) {
    String reason = l.getString("reason");
    return new StatusRecord("visit".equals(l.getString("kind")) ? StatusRecord.Kind.VISIT : StatusRecord.Kind.JOURNEY,
        l.getString("subject_id"), l.getString("visit_id"), l.getInteger("seq"), Status.fromWire(l.getString("status")),
        Rows.instant(l.getLocalDateTime("at")), reason == null || reason.isEmpty() ? null : reason,
        new JsonObject(Rows.text(l, "data")));
  }

  private static Future<JsonObject> details(SqlClient sql, String id, JsonObject visit, Long host) {
    return sql.preparedQuery("SELECT kind, subject_id, seq, status, at, reason, data FROM status_log "
            + "WHERE visit_id = ? ORDER BY at, seq, id").execute(Tuple.of(id))
        .compose(lines -> sql.preparedQuery("SELECT " + VISIT_COLUMNS + ", visit_id FROM journeys WHERE visit_id = ? "
                + (host == null ? "" : "AND event_id IN (SELECT id FROM events WHERE host_id = ?) ")
                + "ORDER BY created_at, id").execute(host == null ? Tuple.of(id) : Tuple.of(id, host))
            .map(journeys -> {
              JsonArray timeline = new JsonArray();
              Map<String, JsonArray> byJourney = new java.util.LinkedHashMap<>();
              JsonArray list = new JsonArray();
              journeys.forEach(j -> {
                JsonArray own = new JsonArray();
                byJourney.put(j.getString("id"), own);
                list.add(subject(j).put("visitId", id).put("timeline", own));
              });
              lines.forEach(l -> {
                JsonObject line = new JsonObject().put("seq", l.getInteger("seq")).put("status", l.getString("status"))
                    .put("at", Rows.iso(l, "at")).put("data", new JsonObject(Rows.text(l, "data")));
                String reason = l.getString("reason");
                if (reason != null && !reason.isEmpty()) {
                  line.put("reason", reason);
                }
                if ("visit".equals(l.getString("kind"))) {
                  timeline.add(line);
                } else if (byJourney.containsKey(l.getString("subject_id"))) {
                  // Only the journeys listed (a host's own) get their lines.
                  byJourney.get(l.getString("subject_id")).add(line);
                }
              });
              return visit.put("timeline", timeline).put("journeys", list);
            }));
  }

  private static JsonObject subject(Row r) {
    return new JsonObject().put("id", r.getString("id")).put("status", r.getString("status"))
        .put("seq", r.getInteger("last_seq")).put("location", r.getString("location"))
        .put("personId", r.getLong("person_id")).put("eventId", r.getLong("event_id"))
        .put("roomId", r.getLong("room_id")).put("guestName", r.getString("guest_name"))
        .put("createdAt", Rows.iso(r, "created_at")).put("updatedAt", Rows.iso(r, "updated_at"));
  }
}
