package io.nanoedge.device.room;

import io.nanoedge.device.DeviceSettings;
import io.nanoedge.device.driver.Display;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room display as a web page for a paired kiosk browser on {@code display.host}:{@code display.port}:
 * {@code GET /} the page, {@code GET /events} its live state as Server-Sent Events, {@code GET /state} the same as
 * JSON, {@code GET /documents/<id>} a document of the meeting presented now. Only the kiosk paired with it is served:
 * {@code /?pair=<display.pairing-code>} gives that browser an HttpOnly cookie (a new pairing replaces the old one);
 * everyone else gets 401 and nothing of the room. Every answer carries {@code nosniff}, {@code no-store} and a
 * strict CSP. Live streams are capped and a stream that does not read is dropped. The page works offline.
 */
public final class DisplayServer implements Display {
  private static final Logger LOG = LoggerFactory.getLogger(DisplayServer.class);
  static final String COOKIE = "nanoedge-display";
  private static final long KEEPALIVE_MS = 15_000;
  private static final Pattern INLINE = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);
  private final Vertx vertx;
  private final DeviceSettings.Kiosk kiosk;
  private final List<HttpServerResponse> streams = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private JsonObject state = new JsonObject().put("mode", "idle");
  private String session;
  private HttpServer server;
  private long keepalive = -1;

  public DisplayServer(Vertx vertx, DeviceSettings.Kiosk kiosk) {
    this.vertx = vertx;
    this.kiosk = kiosk;
  }

  /** Listens; {@code documents} finds a presented document's bytes by id. */
  public Future<DisplayServer> listen(Function<String, RoomPresenter.Document> documents) {
    if (kiosk.pairingCode().isEmpty()) {
      LOG.warn("display.pairing-code is not set: the room display on port {} serves nobody", kiosk.port());
    }
    return vertx.executeBlocking(DisplayServer::page).compose(page -> serve(page, documents));
  }

  private static String page() throws IOException {
    try (InputStream in = DisplayServer.class.getResourceAsStream("/nanoedge/display/index.html")) {
      if (in == null) {
        throw new IllegalStateException("display page missing from this build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The page's policy: its own inline script and style (by hash) and same-origin data, nothing else. */
  static String pagePolicy(String page) {
    StringBuilder scripts = new StringBuilder();
    StringBuilder styles = new StringBuilder();
    Matcher m = INLINE.matcher(page);
    while (m.find()) {
      (m.group(1).equals("script") ? scripts : styles).append(" '").append(sha256(m.group(2))).append('\'');
    }
    return "default-src 'none'; script-src" + scripts + "; style-src" + styles + "; connect-src 'self'; "
        + "img-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  }

  private static String sha256(String text) {
    try {
      return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private Future<DisplayServer> serve(String page, Function<String, RoomPresenter.Document> documents) {
    String pagePolicy = pagePolicy(page);
    Router router = Router.router(vertx);
    router.route().handler(this::guard);
    router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("content-security-policy", pagePolicy).end(page));
    router.get("/state").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(state.encode()));
    router.get("/events").handler(ctx -> {
      if (streams.size() >= kiosk.maxStreams()) {
        error(ctx, 503, "unavailable", "too many live streams (display.max-streams " + kiosk.maxStreams() + ")");
        return;
      }
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader("content-type", "text/event-stream");
      streams.add(response);
      response.closeHandler(v -> streams.remove(response));
      send(response, event(state));
    });
    router.get("/documents/:id").handler(ctx -> {
      RoomPresenter.Document doc = documents.apply(ctx.pathParam("id"));
      if (doc == null) {
        error(ctx, 404, "not_found", "no such document on display");
        return;
      }
      // Documents come from users: never let one run script on the display's origin.
      ctx.response().putHeader("content-type", doc.mediaType())
          .putHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
          .end(Buffer.buffer(doc.data()));
    });
    keepalive = vertx.setPeriodic(KEEPALIVE_MS, t -> List.copyOf(streams).forEach(s -> send(s, ": keepalive\n\n")));
    HttpServerOptions options = new HttpServerOptions().setIdleTimeout(kiosk.idleMs())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    return vertx.createHttpServer(options).requestHandler(router).listen(kiosk.port(), kiosk.host()).map(s -> {
      server = s;
      return this;
    });
  }

  /**
   * Before anything else: the protective headers on every answer, pairing on {@code /?pair=}, and 401 for anyone
   * but the paired kiosk.
   */
  private void guard(RoutingContext ctx) {
    ctx.response().putHeader("x-content-type-options", "nosniff").putHeader("cache-control", "no-store")
        .putHeader("referrer-policy", "no-referrer");
    String code = ctx.request().getParam("pair");
    if (code != null && ctx.request().path().equals("/")) {
      pair(ctx, code);
      return;
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (session == null || cookie == null || !same(session, cookie.getValue())) {
      error(ctx, 401, "unauthorized", "this display is not paired with this browser: open /?pair=<code> with the "
          + "room's display.pairing-code");
      return;
    }
    ctx.next();
  }

  private void pair(RoutingContext ctx, String code) {
    if (kiosk.pairingCode().isEmpty() || !same(kiosk.pairingCode(), code)) {
      error(ctx, 403, "forbidden", "wrong pairing code");
      return;
    }
    byte[] token = new byte[32];
    random.nextBytes(token);
    session = HexFormat.of().formatHex(token);
    // A new kiosk replaces the old one: its streams end with its pairing.
    List.copyOf(streams).forEach(HttpServerResponse::end);
    streams.clear();
    LOG.info("room display paired with a kiosk at {}", ctx.request().remoteAddress());
    // Not __Host-/Secure: the kiosk reaches the display over plain HTTP, where a browser drops Secure cookies.
    ctx.response().addCookie(Cookie.cookie(COOKIE, session).setHttpOnly(true).setPath("/")
        .setSameSite(CookieSameSite.STRICT)).setStatusCode(303).putHeader("location", "/").end();
  }

  private static boolean same(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static void error(RoutingContext ctx, int status, String error, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).put("message", message).encode());
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void show(JsonObject next) {
    state = next.copy();
    String event = event(state);
    List.copyOf(streams).forEach(s -> send(s, event));
  }

  /** Writes to a live stream, or drops it when it does not keep up (the node would otherwise hold it all). */
  private void send(HttpServerResponse stream, String text) {
    if (stream.writeQueueFull()) {
      streams.remove(stream);
      stream.reset();
      return;
    }
    stream.write(text);
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
