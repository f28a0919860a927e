package io.nanoedge.api.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Versioned schema migrations: SQL resources {@code nanoedge/api/db/V<n>__<name>.sql}, applied in order,
 * each recorded in {@code schema_version}, under a named lock so two API nodes starting together do not
 * race. Applying them again is a no-op.
 */
public final class Migrations {
  /** In order; append a new file here to change the schema (never edit an applied one). */
  public static final List<String> FILES = List.of("V1__schema.sql", "V2__devices.sql", "V3__console.sql");

  private static final String LOCK = "nanoedge_schema";
  private final Vertx vertx;

  Migrations(Vertx vertx) {
    this.vertx = vertx;
  }

  int latest() {
    return FILES.size();
  }

  Future<Void> apply(Pool pool) {
    return vertx.executeBlocking(Migrations::load, false)
        .compose(scripts -> pool.withConnection(conn -> conn.query("SELECT GET_LOCK('" + LOCK + "', 30)").execute()
            // 1: ours; 0 (timed out) or NULL: another node is migrating, so retry later rather than race it.
            .compose(lock -> Integer.valueOf(1).equals(lock.iterator().next().getInteger(0))
                ? Future.<Void>succeededFuture()
                : Future.<Void>failedFuture(new IllegalStateException("schema lock " + LOCK + " not acquired")))
            .compose(locked -> conn.query(
                "CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY, "
                + "name VARCHAR(200) NOT NULL, applied_at DATETIME(3) NOT NULL) ENGINE=InnoDB").execute())
            .compose(v -> conn.query("SELECT COALESCE(MAX(version), 0) FROM schema_version").execute())
            .compose(rows -> applyFrom(conn, scripts, rows.iterator().next().getInteger(0)))
            .eventually(() -> conn.query("SELECT RELEASE_LOCK('" + LOCK + "')").execute())));
  }

  private static Future<Void> applyFrom(SqlConnection conn, List<List<String>> scripts, int current) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = current; i < scripts.size(); i++) {
      int version = i + 1;
      for (String statement : scripts.get(i)) {
        chain = chain.compose(v -> conn.query(statement).execute().mapEmpty());
      }
      chain = chain.compose(v -> conn.preparedQuery("INSERT INTO schema_version (version, name, applied_at) "
          + "VALUES (?, ?, UTC_TIMESTAMP(3))").execute(Tuple.of(version, FILES.get(version - 1))).mapEmpty());
    }
    return chain;
  }

  private static List<List<String>> load() throws IOException {
    List<List<String>> scripts = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in = Migrations.class.getResourceAsStream("/nanoedge/api/db/" + file)) {
        if (in == null) {
          throw new IOException("missing migration resource " + file);
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        StringBuilder sql = new StringBuilder();
        text.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> sql.append(l).append('\n'));
        scripts.add(Arrays.stream(sql.toString().split(";\\s*\n")).map(String::strip).filter(s -> !s.isEmpty())
            .toList());
      }
    }
    return scripts;
  }
}
