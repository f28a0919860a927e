package io.nanoedge.api.db;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.config.DbUrl;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.healthchecks.Status;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionRollbackException;
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
 *
 * <p>A saturated pool is not a database that is down: a request that waited {@code connectTimeout} for a free
 * pooled connection answers 503 busy, and the database is then checked on a connection of its own (outside the
 * pool's queue) before the node is taken for down. Once down, the probes use such a fresh connection too, bounded
 * by {@code connectTimeout}, so neither a queue of waiting requests nor a connection that never answers can hold a
 * node down after the database is back. The wait for a pooled connection is bounded here, not by the pool's own
 * timeout: in Vert.x 5.0.7 that timeout can race the hand-over of a connection, and the connection handed to a
 * request that had already timed out is never given back (the pool shrinks for good, one race at a time).
 */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final long FIRST_RETRY_MS = 50;
  /** The pool's wait queue when none is configured (db.max-waiting's default). */
  public static final int DEFAULT_MAX_WAITING = 64;

  private static final int DUPLICATE_KEY = 1062;

  /** Friendly messages for the unique keys a client can collide with (MySQL error 1062 names the key). */
  private static final Map<String, String> DUPLICATES = Map.of(
      "tags_hash", "this tag is already registered",
      "rooms_location", "a room with this location already exists",
      "accounts_username", "an account with this username already exists",
      "templates_name", "a template with this name already exists");

  private final Vertx vertx;
  private final Pool pool;
  private final MySQLConnectOptions connect;
  private final long timeoutMs;
  private final Migrations migrations;
  private final long reconnectMaxMs;
  private volatile boolean schemaReady;
  private volatile boolean available;
  private boolean probing;
  private boolean verifying;
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
    this.connect = new MySQLConnectOptions().setHost(url.host()).setPort(url.port())
        .setUser(url.user()).setPassword(url.password()).setDatabase(url.database())
        .setCachePreparedStatements(true)
        .setCharset("utf8mb4");
    // No pool timeout (0: a waiter waits until served): connection() bounds the wait without leaking (see above).
    PoolOptions poolOptions = new PoolOptions().setMaxSize(poolSize)
        .setConnectionTimeout(0).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxWaitQueueSize(maxWaiting);
    this.pool = MySQLBuilder.pool().with(poolOptions)
        .with(new NetClientOptions().setConnectTimeout((int) connectTimeout.toMillis())).connectingTo(connect)
        .using(vertx).build();
    this.migrations = new Migrations(vertx);
    this.reconnectMaxMs = reconnectMax.toMillis();
    this.timeoutMs = connectTimeout.toMillis();
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
    return connection().compose(conn -> conn.query("SELECT 1").execute().eventually(conn::close))
        .map(rows -> Status.OK())
        .otherwise(t -> {
          if (isPoolFull(t) || t instanceof WaitedTooLong) {
            // Saturated, not down: the node still serves, at its pace (a wait that ran out has the database checked).
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
    return connection().compose(conn -> work.apply(conn).eventually(conn::close)).recover(this::mapFailure);
  }

  /** Runs statements in one transaction, rolled back on any failure (so an error stores nothing). */
  public <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    if (!ready()) {
      return Future.failedFuture(unavailable());
    }
    // Pool.withTransaction's steps, on a connection from connection() (bounded wait).
    return connection().compose(conn -> conn.begin()
        .compose(tx -> work.apply(conn).compose(
            result -> tx.commit().map(result),
            err -> err instanceof TransactionRollbackException ? Future.<T>failedFuture(err)
                : tx.rollback().transform(r -> Future.<T>failedFuture(err))))
        .eventually(conn::close))
        .recover(this::mapFailure);
  }

  /** A request waited {@code connectTimeout} for a free pooled connection. */
  private static final class WaitedTooLong extends VertxException {
    WaitedTooLong(long ms) {
      super("waited over " + ms + " ms for a free database connection", true);
    }
  }

  /**
   * A pooled connection within {@code connectTimeout}, or a {@link WaitedTooLong} failure (and a check of the
   * database off the pool). A connection the pool hands over after that is given back at once, unused; the work is
   * never run late, after its caller was told 503.
   */
  private Future<SqlConnection> connection() {
    Promise<SqlConnection> got = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> {
      if (got.tryFail(new WaitedTooLong(timeoutMs))) {
        verify();
      }
    });
    pool.getConnection().onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.failed()) {
        got.tryFail(ar.cause());
      } else if (!got.tryComplete(ar.result())) {
        ar.result().close();
      }
    });
    return got.future();
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
    // Waited db.connect-timeout-ms for a free connection: the pool is saturated (e.g. by the backlog after an
    // outage) or its connections hang. Busy for this request; verify(), on a connection of its own, tells which.
    if (t instanceof WaitedTooLong) {
      return Future.failedFuture(busy());
    }
    if (isConnectionProblem(t)) {
      markDown(t);
      return Future.failedFuture(unavailable());
    }
    return Future.failedFuture(t);
  }

  /** Whether {@code t} is MySQL's duplicate key (1062): a statement that may collide handles it itself. */
  public static boolean duplicateKey(Throwable t) {
    return t instanceof MySQLException e && e.getErrorCode() == DUPLICATE_KEY;
  }

  private static RuntimeException fromSql(MySQLException e) {
    return switch (e.getErrorCode()) {
      case DUPLICATE_KEY -> NanoException.conflict(DUPLICATES.entrySet().stream()
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

  /**
   * After a request waited too long for a pooled connection: asks the database on a connection of its own whether
   * it answers; only if it does not is the node taken for down. One check at a time.
   */
  private void verify() {
    synchronized (this) {
      if (verifying || closed || !available) {
        return;
      }
      verifying = true;
    }
    direct().onComplete(r -> {
      synchronized (this) {
        verifying = false;
      }
      if (r.failed() && !(r.cause() instanceof MySQLException)) {
        // No answer at all (a MySQLException is an answer: the server is there, e.g. too many connections).
        markDown(r.cause());
      } else {
        LOG.debug("database busy: a request waited over {} ms for a pooled connection; the database answers",
            timeoutMs);
      }
    });
  }

  /**
   * {@code SELECT 1} on a fresh connection, outside the pool and its queue, failing after {@code timeoutMs}
   * whatever happens (a handshake or a query that never answers); a connection that opens late is closed.
   */
  private Future<Void> direct() {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> done.tryFail(new TimeoutException(
        "the database did not answer within " + timeoutMs + " ms")));
    MySQLConnection.connect(vertx, connect).onComplete(c -> {
      if (c.failed()) {
        done.tryFail(c.cause());
        return;
      }
      MySQLConnection conn = c.result();
      if (done.future().isComplete()) {
        conn.close();
        return;
      }
      conn.query("SELECT 1").execute().onComplete(r -> {
        conn.close();
        if (r.succeeded()) {
          done.tryComplete();
        } else {
          done.tryFail(r.cause());
        }
      });
    });
    return done.future().onComplete(r -> vertx.cancelTimer(timer));
  }

  private synchronized void probe() {
    // One probe chain at a time: a probe in flight or a retry already scheduled will get there.
    if (probing || timerId >= 0 || closed || ready()) {
      return;
    }
    probing = true;
    // Once the schema is in place, the probe asks on a connection of its own, bounded in time: through the pool it
    // would queue behind the requests that are waiting there, and a pooled connection that never answers would
    // keep it (and the node) waiting for ever.
    Future<Void> attempt = schemaReady ? direct() : migrations.apply(pool);
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
