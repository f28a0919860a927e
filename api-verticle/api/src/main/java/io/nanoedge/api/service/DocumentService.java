package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.EventDocuments;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The content documents of an event (slides, agenda) that the meeting room presents. Stored as bytes in
 * the database, size-limited, so the room node needs nothing but the event bus to fetch them.
 */
public final class DocumentService {
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-zA-Z0-9][\\w.+-]*/[a-zA-Z0-9][\\w.+-]*");
  private final Database db;
  private final int maxBytes;

  public DocumentService(Database db, int maxBytes) {
    this.db = db;
    this.maxBytes = maxBytes;
  }

  /** A stored document with its bytes. */
  public record Document(long id, String name, String mediaType, Buffer data) {
  }

  /**
   * The documents of an event, oldest first; 404 when there is no such event or {@code host} (when given) does not
   * host it.
   */
  public Future<List<EventDocuments.Meta>> list(long eventId, Long host) {
    return db.run(sql -> EventService.hosted(sql, eventId, host, false)
        .compose(v -> sql.preparedQuery("SELECT id, name, media_type, size, created_at FROM event_documents "
            + "WHERE event_id = ? ORDER BY id").execute(Tuple.of(eventId)))
        .map(rows -> {
          List<EventDocuments.Meta> docs = new ArrayList<>();
          rows.forEach(r -> docs.add(new EventDocuments.Meta(r.getLong("id"), eventId, r.getString("name"),
              r.getString("media_type"), r.getInteger("size"), Rows.iso(r, "created_at"))));
          return docs;
        }));
  }

  /**
   * 404 unless event {@code eventId} exists, 403 unless it is booked in the room whose door is {@code roomLocation}:
   * a room display gets only the documents of its own room's events.
   */
  public Future<Void> bookedIn(long eventId, String roomLocation) {
    return db.run(sql -> sql.preparedQuery("SELECT r.location FROM events e JOIN rooms r ON r.id = e.room_id "
        + "WHERE e.id = ?").execute(Tuple.of(eventId)).map(rows -> {
          Row row = Rows.first(rows);
          if (row == null) {
            throw NanoException.notFound("no event " + eventId);
          }
          if (!roomLocation.equals(row.getString("location"))) {
            throw ErrorCode.FORBIDDEN.exception("event " + eventId + " is not booked in the room at " + roomLocation);
          }
          return null;
        }));
  }

  /** Stores a document; {@code name} and {@code mediaType} come from the request (query / content type). */
  public Future<JsonObject> upload(long eventId, String name, String mediaType, Buffer data, Long host) {
    if (name == null || name.isBlank()) {
      throw NanoException.badRequest("query parameter 'name' is required (the document's file name)");
    }
    Texts.check("name", name, 200);
    if (mediaType == null || !MEDIA_TYPE.matcher(mediaType).matches() || mediaType.length() > 100) {
      throw new NanoException(ErrorCode.UNSUPPORTED_MEDIA, "a document needs a media type such as application/pdf");
    }
    if (data.length() == 0) {
      throw NanoException.badRequest("the document is empty");
    }
    if (data.length() > maxBytes) {
      throw new NanoException(ErrorCode.TOO_LARGE, "a document may have at most " + maxBytes + " bytes");
    }
    return db.transaction(sql -> EventService.hosted(sql, eventId, host, true)
        .compose(v -> sql.preparedQuery("INSERT INTO event_documents (event_id, name, media_type, size, data, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?)").execute(Tuple.of(eventId, name, mediaType, data.length(), data,
            Rows.db(Instant.now()))))
        .map(rows -> new EventDocuments.Meta(rows.property(MySQLClient.LAST_INSERTED_ID), eventId, name, mediaType,
            data.length(), null).toJson()));
  }

  public Future<Document> get(long eventId, long documentId, Long host) {
    return db.run(sql -> EventService.hosted(sql, eventId, host, false).compose(v -> sql.preparedQuery(
        "SELECT id, name, media_type, data FROM event_documents WHERE id = ? AND event_id = ?")
        .execute(Tuple.of(documentId, eventId))).map(rows -> {
          Row r = Rows.first(rows);
          if (r == null) {
            throw NanoException.notFound("no document " + documentId + " in event " + eventId);
          }
          return new Document(r.getLong("id"), r.getString("name"), r.getString("media_type"), r.getBuffer("data"));
        }));
  }

  public Future<Void> delete(long eventId, long documentId, Long host) {
    return db.transaction(sql -> EventService.hosted(sql, eventId, host, true).compose(v -> sql.preparedQuery(
        "DELETE FROM event_documents WHERE id = ? AND event_id = ?").execute(Tuple.of(documentId, eventId)))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            throw NanoException.notFound("no document " + documentId + " in event " + eventId);
          }
          return null;
        }));
  }
}
