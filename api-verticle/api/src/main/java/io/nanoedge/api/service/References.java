package io.nanoedge.api.service;

import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks that ids given in a request body exist, so the error names the field instead of a foreign key. */
final class References {
  private References() {
  }

  static Future<Void> persons(SqlClient sql, String field, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    Set<Long> wanted = new HashSet<>(ids);
    String marks = wanted.stream().map(x -> "?").collect(Collectors.joining(","));
    return sql.preparedQuery("SELECT id FROM persons WHERE id IN (" + marks + ")")
        .execute(Tuple.from(List.copyOf(wanted)))
        .map(rows -> {
          rows.forEach(r -> wanted.remove(r.getLong(0)));
          if (!wanted.isEmpty()) {
            throw NanoException.badRequest("field '" + field + "': no person " + wanted.iterator().next());
          }
          return null;
        });
  }

  /** Locks the room row so two bookings of one room are checked for overlap one after the other. */
  static Future<Void> roomForUpdate(SqlClient sql, long roomId) {
    return sql.preparedQuery("SELECT id FROM rooms WHERE id = ? FOR UPDATE").execute(Tuple.of(roomId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw NanoException.badRequest("field 'roomId': no room " + roomId);
          }
          return null;
        });
  }
}
