package io.nanoedge.api.db;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.config.DbUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.healthchecks.Status;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's MySQL pool with its availability: the role starts with the database down, answers 503 at once
 * while it is down, probes it with a capped backoff (so it is used again within {@code reconnectMax} of
 * coming back, without a restart) and applies the schema migrations the first time it answers.
 */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final long FIRST_RETRY_MS = 50;
  /** The pool's wait queue when none is configured (db.max-waiting's default). */
  public static final int DEFAULT_MAX_WAITING = 64;

  /** Friendly messages for the unique keys a client can collide with (MySQL error 1062 names the key). */
  private static final Map<String, String> DUPLICATES = Map.of(
      "tags_hash", "this tag is already registered",
      "rooms_location", "a room with this location already exists",
      "accounts_username", "an account with this username already exists",
      "templates_name", "a template with this name already exists");

  private final Vertx vertx;
  private final Pool pool;
  private final Migrations migrations;
  private final long reconnectMaxMs;
  private volatile boolean schemaReady;
  private volatile boolean available;
  private boolean probing;
  private long retryMs = FIRST_RETRY_MS;
  private long timerId = -1;
  private boolean closed;

  public Database(Vertx vertx, DbUrl url, int poolSize, Duration connectTimeout, Duration reconnectMax) {
    this(vertx, url, poolSize, DEFAULT_MAX_WAITING, connectTimeout, reconnectMax);
  }

  /**
   * @param maxWaiting requests that may queue for a connection; one more fails at once with {@link ErrorCode#BUSY}
   */
  public Database(Vertx vertx, DbUrl url, int poolSize, int maxWaiting, Duration connectTimeout,
      Duration reconnectMax) {
    this.vertx = vertx;
    MySQLConnectOptions connect = new MySQLConnectOptions().setHost(url.host()).setPort(url.port())
        .setUser(url.user()).setPassword(url.password()).setDatabase(url.database())
        .setCachePreparedStatements(true)
        .setCharset("utf8mb4");
    PoolOptions poolOptions = new PoolOptions().setMaxSize(poolSize)
        .setConnectionTimeout((int) connectTimeout.toMillis()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxWaitQueueSize(maxWaiting);
    this.pool = MySQLBuilder.pool().with(poolOptions)
        .with(new NetClientOptions().setConnectTimeout((int) connectTimeout.toMillis())).connectingTo(connect)
        .using(vertx).build();
    this.migrations = new Migrations(vertx);
    this.reconnectMaxMs = reconnectMax.toMillis();
  }

  /** Starts probing (and migrating) in the background; never fails, so the role starts with the database down. */
  public void start() {
    probe();
  }

  public boolean ready() {
    return schemaReady && available;
  }

  /** The readiness check: UP only when the schema is in place and the pool answers now. */
  public Future<Status> health() {
    if (!ready()) {
      // The probe loop reconnects with backoff; readiness follows it so "UP" means requests are served.
      return Future.succeededFuture(Status.KO(new JsonObject().put("reason", schemaReady
          ? "database unavailable, reconnecting" : "database not reached yet (schema not applied)")));
    }
    return pool.query("SELECT 1").execute()
        .map(rows -> Status.OK())
        .otherwise(t -> {
          if (isPoolFull(t)) {
            // Saturated, not down: the node still serves, at its pace.
            return Status.OK(new JsonObject().put("busy", true));
          }
          markDown(t);
          return Status.KO(new JsonObject().put("reason", "database unavailable"));
        });
  }

  /** Runs statements outside a transaction; failures are mapped to {@link NanoException}s. */
  public <T> Future<T> run(Function<SqlClient, Future<T>> work) {
    if (!ready()) {
      return Future.failedFuture(unavailable());
    }
    return work.apply(pool).recover(this::mapFailure);
  }

  /** Runs statements in one transaction, rolled back on any failure (so an error stores nothing). */
  public <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    if (!ready()) {
      return Future.failedFuture(unavailable());
    }
    return pool.withTransaction(work).recover(this::mapFailure);
  }

  private static NanoException busy() {
    return new NanoException(ErrorCode.BUSY, "the database is busy (too many requests waiting), retry shortly");
  }

  private static NanoException unavailable() {
    return NanoException.unavailable("database unavailable, retry later");
  }

  private <T> Future<T> mapFailure(Throwable t) {
    if (t instanceof NanoException) {
      return Future.failedFuture(t);
    }
    if (t instanceof MySQLException e) {
      return Future.failedFuture(fromSql(e));
    }
    // Before the connection check: the pool's refusal is a VertxException too, but the database is fine.
    if (isPoolFull(t)) {
      return Future.failedFuture(busy());
    }
    if (isConnectionProblem(t)) {
      markDown(t);
      return Future.failedFuture(unavailable());
    }
    return Future.failedFuture(t);
  }

  private static RuntimeException fromSql(MySQLException e) {
    return switch (e.getErrorCode()) {
      case 1062 -> NanoException.conflict(DUPLICATES.entrySet().stream()
          .filter(d -> e.getMessage() != null && e.getMessage().contains(d.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse("already exists"));
      case 1451 -> NanoException.conflict("still in use: delete or change what refers to it first");
      case 1452 -> NanoException.badRequest("refers to something that does not exist");
      case 1406 -> NanoException.badRequest("a value is too long");
      case 1205, 1213 -> new NanoException(ErrorCode.BUSY, "database busy, retry");
      default -> e;
    };
  }

  /** The pool refused to queue one more request (db.max-waiting): back-pressure, the database itself answers. */
  private static boolean isPoolFull(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectionPoolTooBusyException) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConnectionProblem(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException || c instanceof VertxException || c instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private void markDown(Throwable t) {
    if (available) {
      available = false;
      LOG.warn("database unavailable ({}); reconnecting", ErrorCode.messageOf(t));
    }
    vertx.runOnContext(v -> probe());
  }

  private synchronized void probe() {
    // One probe chain at a time: a probe in flight or a retry already scheduled will get there.
    if (probing || timerId >= 0 || closed || ready()) {
      return;
    }
    probing = true;
    Future<Void> attempt = schemaReady ? pool.query("SELECT 1").execute().mapEmpty() : migrations.apply(pool);
    attempt.onComplete(r -> onProbe(r.succeeded(), r.cause()));
  }

  private synchronized void onProbe(boolean ok, Throwable cause) {
    probing = false;
    if (closed) {
      return;
    }
    if (ok) {
      if (!schemaReady) {
        LOG.info("database schema at version {}", migrations.latest());
      } else {
        LOG.info("database available again");
      }
      schemaReady = true;
      available = true;
      retryMs = FIRST_RETRY_MS;
      return;
    }
    if (!isConnectionProblem(cause) && !(cause instanceof MySQLException)) {
      LOG.error("database probe failed", cause);
    } else if (retryMs == FIRST_RETRY_MS) {
      LOG.warn("database not reachable yet: {}", ErrorCode.messageOf(cause));
    }
    long delay = retryMs;
    retryMs = Math.min(retryMs * 2, reconnectMaxMs);
    timerId = vertx.setTimer(delay, id -> {
      synchronized (this) {
        timerId = -1;
      }
      probe();
    });
  }

  public synchronized Future<Void> close() {
    closed = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return pool.close();
  }
}
