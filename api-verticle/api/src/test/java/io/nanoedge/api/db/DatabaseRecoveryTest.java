package io.nanoedge.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.config.DbUrl;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TcpProxy;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database cut (through a {@link TcpProxy}, the real MariaDB never stops) and back while the backlog of the
 * outage fills the pool: the node must be serving again within seconds and must not take a full pool for a
 * database that is down (the scale bench's db-down run: ready again only 30.9 s after the database was back).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class DatabaseRecoveryTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  @Test
  void servesWithinSecondsOfTheDatabaseComingBackAndAFullPoolIsBusyNotDown(Vertx vertx) {
    // GIVEN a pool of 2 connections to the database through a proxy; waits for a connection bounded at 400 ms
    String direct = TestDatabase.createDatabase();
    int proxyPort = Ports.freeTcp();
    TcpProxy proxy = TcpProxy.toDatabase(vertx, proxyPort, direct);
    proxy.open();
    Database db = new Database(vertx, DbUrl.parse(TcpProxy.via(direct, proxyPort)), 2, 64, Duration.ofMillis(400),
        Duration.ofMillis(1000));
    db.start();
    try {
      Eventually.until("the database is ready", db::ready, Duration.ofSeconds(20));
      assertThat(select1(db)).isNull();
      // WHEN the database goes away for 2 s
      proxy.close();
      Eventually.until("the outage is noticed", () -> select1(db) == ErrorCode.UNAVAILABLE && !db.ready(),
          Duration.ofSeconds(10));
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
      proxy.open();
      long back = System.nanoTime();
      // THEN the node uses it again within the bound
      Eventually.until("ready again", db::ready, BOUND);
      assertThat(Eventually.await(db.health()).isOk()).isTrue();
      // WHEN the outage's backlog fills the pool: both connections busy for 1 s, and requests waiting behind them
      List<Future<?>> backlog = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        backlog.add(db.run(sql -> sql.query("SELECT SLEEP(1)").execute()));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      List<ErrorCode> answers = new ArrayList<>();
      List<Boolean> readiness = new ArrayList<>();
      ErrorCode answer = ErrorCode.UNAVAILABLE;
      // THEN a request that waited too long is told "busy", the node stays ready, and it answers again at once
      // when the backlog is through: a SELECT 1 succeeds within the bound of the database's return
      while (answer != null && System.nanoTime() - back < BOUND.toNanos()) {
        answer = select1(db);
        answers.add(answer);
        readiness.add(db.ready());
        Status health = Eventually.await(db.health());
        readiness.add(health.isOk());
      }
      long servedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
      assertThat(answers).as("answers after the database returned (null: served)").doesNotContain(
          ErrorCode.UNAVAILABLE).contains(ErrorCode.BUSY).endsWith((ErrorCode) null);
      assertThat(readiness).as("readiness while the pool was full").doesNotContain(false);
      assertThat(servedMs).as("served %d ms after the database returned", servedMs).isLessThan(BOUND.toMillis());
      backlog.forEach(f -> assertThat(Eventually.await(f.map(r -> true).otherwise(true))).isTrue());
    } finally {
      Eventually.await(db.close());
      proxy.close();
      TestDatabase.dropDatabase(direct);
    }
  }

  @Test
  void waitsThatRunOutNeverCostThePoolAConnection(Vertx vertx) {
    // GIVEN a pool of 2 connections, waits bounded at 100 ms
    String url = TestDatabase.createDatabase();
    Database db = new Database(vertx, DbUrl.parse(url), 2, 64, Duration.ofMillis(100), Duration.ofMillis(1000));
    db.start();
    try {
      Eventually.until("the database is ready", db::ready, Duration.ofSeconds(20));
      // WHEN for 4 s far more transactions than it holds keep it full: many waits run out, some as a connection is
      // handed over (that connection must go back to the pool unused; with the pool's own timeout, Vert.x 5.0.7 could
      // keep it from the pool for good: seen once under load, not reproduced by this test on the old code)
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      List<Future<?>> chains = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        chains.add(chain(vertx, db, end));
      }
      chains.forEach(Eventually::await);
      Eventually.until("ready after the load", db::ready, BOUND);
      // THEN both connections still serve: two 0.3 s statements at once both get one, and the node is ready
      List<Future<?>> both = List.of(db.run(sql -> sql.query("SELECT SLEEP(0.3)").execute()),
          db.run(sql -> sql.query("SELECT SLEEP(0.3)").execute()));
      both.forEach(f -> assertThat(Eventually.await(f.map(r -> "served").otherwise(t -> ErrorCode.of(t).name())))
          .isEqualTo("served"));
      assertThat(db.ready()).isTrue();
    } finally {
      Eventually.await(db.close());
      TestDatabase.dropDatabase(url);
    }
  }

  /** Transactions one after the other until {@code end}, whatever each one's outcome. */
  private static Future<Void> chain(Vertx vertx, Database db, long end) {
    if (System.nanoTime() > end) {
      return Future.succeededFuture();
    }
    return db.transaction(sql -> sql.query("SELECT SLEEP(0.01)").execute())
        .transform(r -> Future.<Void>future(p -> vertx.setTimer(1, id -> chain(vertx, db, end).onComplete(p))));
  }

  /** {@code SELECT 1}: null when it succeeds, else the error code of its failure. */
  private static ErrorCode select1(Database db) {
    try {
      Eventually.await(db.run(sql -> sql.query("SELECT 1").execute()), Duration.ofSeconds(10));
      return null;
    } catch (RuntimeException e) {
      return ErrorCode.of(e);
    }
  }
}
