package io.nanoedge.device.room;

import io.nanoedge.device.driver.Display;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The room display as a web page for a kiosk browser on {@code display.port}: {@code GET /} the page,
 * {@code GET /events} its live state as Server-Sent Events, {@code GET /state} the same as JSON,
 * {@code GET /documents/<id>} a presented document. The page works offline (no CDN).
 */
public final class DisplayServer implements Display {
  private static final long KEEPALIVE_MS = 15_000;
  private final Vertx vertx;
  private final List<HttpServerResponse> streams = new ArrayList<>();
  private JsonObject state = new JsonObject().put("mode", "idle");
  private HttpServer server;
  private long keepalive = -1;

  public DisplayServer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on {@code port}; {@code documents} finds a presented document's bytes by id. */
  public Future<DisplayServer> listen(String host, int port, Function<String, RoomPresenter.Document> documents) {
    return vertx.executeBlocking(DisplayServer::page).compose(page -> serve(page, host, port, documents));
  }

  private static String page() throws IOException {
    try (InputStream in = DisplayServer.class.getResourceAsStream("/nanoedge/display/index.html")) {
      if (in == null) {
        throw new IllegalStateException("display page missing from this build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Future<DisplayServer> serve(String page, String host, int port,
      Function<String, RoomPresenter.Document> documents) {
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store").end(page));
    router.get("/state").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(state.encode()));
    router.get("/events").handler(ctx -> {
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-store");
      streams.add(response);
      response.closeHandler(v -> streams.remove(response));
      response.write(event(state));
    });
    router.get("/documents/:id").handler(ctx -> {
      RoomPresenter.Document doc = documents.apply(ctx.pathParam("id"));
      if (doc == null) {
        ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
            .end(new JsonObject().put("error", "not_found").put("message", "no such document on display").encode());
        return;
      }
      // Documents come from users: never let one run script on the display's origin.
      ctx.response().putHeader("content-type", doc.mediaType()).putHeader("x-content-type-options", "nosniff")
          .putHeader("content-security-policy", "sandbox").end(Buffer.buffer(doc.data()));
    });
    keepalive = vertx.setPeriodic(KEEPALIVE_MS, t -> streams.forEach(s -> s.write(": keepalive\n\n")));
    return vertx.createHttpServer().requestHandler(router).listen(port, host).map(s -> {
      server = s;
      return this;
    });
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void show(JsonObject next) {
    state = next.copy();
    String event = event(state);
    streams.forEach(s -> s.write(event));
  }

  private static String event(JsonObject state) {
    return "data: " + state.encode() + "\n\n";
  }

  public Future<Void> close() {
    vertx.cancelTimer(keepalive);
    streams.forEach(HttpServerResponse::end);
    streams.clear();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
