package io.nanoedge.api.service;

import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The statements every resource runs the same way: a page of a list, one row by id, a delete by id. */
final class Queries {
  private Queries() {
  }

  /**
   * Counts with {@code from} (the FROM/WHERE part) and selects {@code columns} from it in {@code order},
   * one page at a time.
   */
  static Future<JsonObject> page(SqlClient sql, Page page, String columns, String from, String order,
      List<Object> args, Function<Row, JsonObject> toJson) {
    List<Object> paged = new ArrayList<>(args);
    paged.add(page.limit());
    paged.add(page.offset());
    return sql.preparedQuery("SELECT COUNT(*) " + from).execute(Tuple.from(args))
        .compose(total -> sql.preparedQuery("SELECT " + columns + " " + from + " ORDER BY " + order
                + " LIMIT ? OFFSET ?").execute(Tuple.from(paged))
            .map(rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(r -> items.add(toJson.apply(r)));
              return page.result(items, Rows.count(total));
            }));
  }

  /** The row {@code select} finds for {@code id}, or a 404 naming {@code what}. */
  static Future<JsonObject> one(SqlClient sql, String select, Object id, String what,
      Function<Row, JsonObject> toJson) {
    return sql.preparedQuery(select).execute(Tuple.of(id)).map(rows -> {
      Row row = Rows.first(rows);
      if (row == null) {
        throw NanoException.notFound("no " + what + " " + id);
      }
      return toJson.apply(row);
    });
  }

  static Future<Void> delete(SqlClient sql, String table, long id, String what) {
    return sql.preparedQuery("DELETE FROM " + table + " WHERE id = ?").execute(Tuple.of(id)).map(rows -> {
      if (rows.rowCount() == 0) {
        throw NanoException.notFound("no " + what + " " + id);
      }
      return null;
    });
  }
}
