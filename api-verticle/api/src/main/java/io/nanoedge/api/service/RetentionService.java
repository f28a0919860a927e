package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Presence logs are personal data and are kept only for {@code retention.days}: a sweep deletes every visit whose
 * last status is older than that, with its journeys and all of its status lines, and any older status line left
 * without its visit. A zero date (stored by an older version) is older than any cut-off and goes too. Deleting a
 * person ({@link #forgetPerson}) deletes their journeys and those journeys' status lines at once, whatever
 * their age.
 */
public final class RetentionService {
  private final Database db;
  private final Duration keep;

  public RetentionService(Database db, Duration keep) {
    this.db = db;
    this.keep = keep;
  }

  public Duration keep() {
    return keep;
  }

  /** Deletes what is older than the retention period before {@code now}; answers how many rows per table. */
  public Future<JsonObject> sweep(Instant now) {
    Tuple cutoff = Tuple.of(Rows.db(now.minus(keep)));
    Map<String, Integer> deleted = new LinkedHashMap<>();
    return db.transaction(sql -> count(sql, deleted, "status_log", "DELETE s FROM status_log s JOIN visits v "
            + "ON v.id = s.visit_id WHERE v.updated_at < ?", cutoff)
        .compose(v -> count(sql, deleted, "journeys", "DELETE j FROM journeys j JOIN visits v ON v.id = j.visit_id "
            + "WHERE v.updated_at < ?", cutoff))
        .compose(v -> count(sql, deleted, "visits", "DELETE FROM visits WHERE updated_at < ?", cutoff))
        // Lines whose visit row is gone (or never came): by their own time.
        .compose(v -> count(sql, deleted, "status_log", "DELETE s FROM status_log s LEFT JOIN visits v "
            + "ON v.id = s.visit_id WHERE v.id IS NULL AND s.at < ?", cutoff))
        .map(v -> new JsonObject(new LinkedHashMap<>(deleted))));
  }

  private static Future<Void> count(SqlConnection sql, Map<String, Integer> deleted, String table, String statement,
      Tuple args) {
    return sql.preparedQuery(statement).execute(args).map(rows -> {
      deleted.merge(table, rows.rowCount(), Integer::sum);
      return null;
    });
  }

  /**
   * Within a person's deletion (its transaction): their journeys and those journeys' status lines, and their id on
   * any visit. Tags and participations go with the person row itself (foreign keys, ON DELETE CASCADE).
   */
  static Future<Void> forgetPerson(SqlConnection sql, long personId) {
    Tuple id = Tuple.of(personId);
    return sql.preparedQuery("DELETE s FROM status_log s JOIN journeys j ON j.id = s.subject_id "
            + "WHERE s.kind = 'journey' AND j.person_id = ?").execute(id)
        .compose(v -> sql.preparedQuery("DELETE FROM journeys WHERE person_id = ?").execute(id))
        .compose(v -> sql.preparedQuery("UPDATE visits SET person_id = NULL WHERE person_id = ?").execute(id))
        .mapEmpty();
  }
}
