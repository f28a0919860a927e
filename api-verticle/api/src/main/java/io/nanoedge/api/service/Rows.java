package io.nanoedge.api.service;

import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/** Conversions between rows and API values. Times are stored as UTC DATETIME(3). */
final class Rows {
  private Rows() {
  }

  static LocalDateTime db(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  static Instant instant(LocalDateTime time) {
    return time == null ? null : time.toInstant(ZoneOffset.UTC);
  }

  static String iso(Row row, String column) {
    LocalDateTime t = row.getLocalDateTime(column);
    return t == null ? null : instant(t).toString();
  }

  static String text(Row row, String column) {
    Object v = row.getValue(column);
    if (v == null) {
      return null;
    }
    return v instanceof Buffer b ? b.toString() : v.toString();
  }

  static boolean bool(Row row, String column) {
    Object v = row.getValue(column);
    return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() != 0;
  }

  static List<Long> longs(Row row, String column) {
    String csv = text(row, column);
    return csv == null || csv.isEmpty() ? List.of() : Arrays.stream(csv.split(",")).map(Long::valueOf).toList();
  }

  static List<String> strings(Row row, String column) {
    String csv = text(row, column);
    return csv == null || csv.isEmpty() ? List.of() : List.of(csv.split(","));
  }

  static long count(RowSet<Row> rows) {
    return rows.iterator().next().getLong(0);
  }

  /**
   * MySQL counts an UPDATE that writes the same values as 0 changed rows; tells that apart from a
   * missing row, which is a 404.
   */
  static Future<Void> found(SqlClient sql, String table, long id, int changed, String what) {
    if (changed > 0) {
      return Future.succeededFuture();
    }
    return sql.preparedQuery("SELECT 1 FROM " + table + " WHERE id = ?").execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw NanoException.notFound("no " + what + " " + id);
      }
      return null;
    });
  }

  static Row first(RowSet<Row> rows) {
    return rows.iterator().hasNext() ? rows.iterator().next() : null;
  }
}
