package io.nanoedge.testkit;

import io.nanoedge.config.DbUrl;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder between a node and the shared MariaDB, so a test can take "the database" away and give
 * it back (close / reopen the listening port and cut open connections) without stopping the real server.
 */
public final class TcpProxy {
  private final Vertx vertx;
  private final int port;
  private final String targetHost;
  private final int targetPort;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private NetServer server;

  public TcpProxy(Vertx vertx, int port, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.port = port;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
  }

  /**
   * A proxy on {@code port} to the database server of {@code url}: whichever server the suite chose (the
   * configured one or the embedded one), never an assumed 3306.
   */
  public static TcpProxy toDatabase(Vertx vertx, int port, String url) {
    DbUrl db = DbUrl.parse(url);
    return new TcpProxy(vertx, port, db.host(), db.port());
  }

  /** The database URL {@code url} reached through a proxy listening on {@code proxyPort}. */
  public static String via(String url, int proxyPort) {
    DbUrl db = DbUrl.parse(url);
    return "mysql://" + db.user() + ":" + db.password() + "@127.0.0.1:" + proxyPort + "/" + db.database();
  }

  public void open() {
    server = vertx.createNetServer().connectHandler(in -> {
      in.pause();
      sockets.add(in);
      client.connect(targetPort, targetHost).onComplete(ar -> {
        if (ar.failed()) {
          in.close();
          return;
        }
        NetSocket out = ar.result();
        sockets.add(out);
        in.pipeTo(out);
        out.pipeTo(in);
        in.closeHandler(v -> out.close());
        out.closeHandler(v -> in.close());
        in.resume();
      });
    });
    server.listen(port, "127.0.0.1").await();
  }

  /** Stops listening and cuts every forwarded connection, like a database that went away. */
  public void close() {
    if (server == null) {
      return;
    }
    server.close().await();
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }
}
