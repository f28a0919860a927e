package io.nanoedge.api.front;

import io.nanoedge.bus.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front end (Vert.x Web): one route per {@link Operation}. Each route first asks the
 * {@link HttpAuthenticator}s who the caller is and checks the operation's {@link Access} with the request paused,
 * so a refused request is answered (401/403) and its connection closed before a byte of its body is read; only
 * then does the route's own body limit apply (documents large, JSON small). Errors the router itself finds
 * (unknown path, wrong method, body over the limit) are JSON too.
 */
public final class HttpFront {
  /** Where the route's authentication step leaves the {@link Caller} for the operation. */
  static final String CALLER = "nanoedge.caller";
  private static final String OPERATION = "nanoedge.operation";
  /** How long a refused request's connection may go on sending before it is closed. */
  static final long LINGER_MS = 1000;
  /** Seconds a client is told to wait before repeating a request answered 503. */
  static final String RETRY_AFTER_S = "1";

  private final ApiOperations operations;
  private final List<HttpAuthenticator> authenticators;
  private final int maxJsonBytes;
  private final int maxDocumentBytes;
  private final Buffer openApi;

  /**
   * @param authenticators asked in order for each request; the first that recognises a credential decides
   * @param maxJsonBytes body limit of every route but the document upload
   * @param maxDocumentBytes body limit of the document upload
   */
  public HttpFront(ApiOperations operations, List<HttpAuthenticator> authenticators, int maxJsonBytes,
      int maxDocumentBytes, Buffer openApi) {
    this.operations = operations;
    this.authenticators = List.copyOf(authenticators);
    this.maxJsonBytes = maxJsonBytes;
    this.maxDocumentBytes = maxDocumentBytes;
    this.openApi = openApi;
  }

  /** The API's router; more routes (the console's pages) may be added to it before the server listens. */
  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/api/openapi.yaml").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE,
        "application/yaml").end(openApi));
    for (Operation op : operations.all()) {
      Route route = router.route(HttpMethod.valueOf(op.method()), op.path().replaceAll("\\{(\\w+)}", ":$1"));
      route.handler(new Gate(op));
      route.handler(BodyHandler.create(false).setBodyLimit(op.upload() ? maxDocumentBytes : maxJsonBytes));
      route.handler(ctx -> handle(op, ctx));
    }
    router.errorHandler(404, ctx -> refuse(ctx, ApiResponse.error(ErrorCode.NOT_FOUND, "no such resource: "
        + ctx.request().path())));
    router.errorHandler(405, ctx -> refuse(ctx, ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED,
        ctx.request().method() + " is not allowed on " + ctx.request().path())));
    router.errorHandler(413, ctx -> refuse(ctx, ApiResponse.error(ErrorCode.TOO_LARGE, "the body may have at most "
        + (isUpload(ctx) ? maxDocumentBytes : maxJsonBytes) + " bytes")));
    router.errorHandler(400, ctx -> refuse(ctx, ApiResponse.error(ErrorCode.BAD_REQUEST, "malformed request")));
    router.errorHandler(500, ctx -> refuse(ctx, ApiResponse.error(ErrorCode.INTERNAL, "internal error")));
    return router;
  }

  /** Serves this front's router with the connection limits of the static {@code listen}. */
  public Future<HttpServer> listen(Vertx vertx, String host, int port, Duration idleTimeout, int maxConnections) {
    return listen(vertx, router(vertx), host, port, idleTimeout, maxConnections);
  }

  /**
   * Serves {@code router} (this front's, with more routes added) with the front's connection limits: a connection
   * silent for {@code idleTimeout} is closed (a stalled upload or a forgotten keep-alive holds nothing for long), and
   * one beyond {@code maxConnections} open ones is closed as soon as it is accepted, before a byte of it is read.
   */
  public static Future<HttpServer> listen(Vertx vertx, Router router, String host, int port, Duration idleTimeout,
      int maxConnections) {
    // HTTP/1.1 only: an h2c upgrade ends the request before the route resumes it (the JDK client asks for one).
    HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    AtomicInteger open = new AtomicInteger();
    return vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          connection.closeHandler(v -> open.decrementAndGet());
          if (open.incrementAndGet() > maxConnections) {
            connection.close();
          }
        })
        .requestHandler(router).listen(port, host);
  }

  private static boolean isUpload(RoutingContext ctx) {
    Operation op = ctx.get(OPERATION);
    return op != null && op.upload();
  }

  /**
   * The route's first step. Vert.x Web orders a route's handlers by kind and places authentication after the body
   * handler (so forms can be read first); ours must run before any body is read, so it is declared a platform
   * handler, the kind that runs first.
   */
  private final class Gate implements PlatformHandler {
    private final Operation op;

    Gate(Operation op) {
      this.op = op;
    }

    @Override
    public void handle(RoutingContext ctx) {
      authenticate(op, ctx);
    }
  }

  /** Who is calling, from the headers alone; the body stays unread (paused) until the caller may go on. */
  private void authenticate(Operation op, RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    ctx.put(OPERATION, op);
    callerOf(request, 0).onComplete(done -> {
      if (done.failed()) {
        ErrorCode code = ErrorCode.of(done.cause());
        refuse(ctx, ApiResponse.error(code, code == ErrorCode.INTERNAL ? "internal error"
            : ErrorCode.messageOf(done.cause())));
        return;
      }
      ApiResponse refused = operations.refusal(op, done.result());
      if (refused != null) {
        refuse(ctx, refused);
        return;
      }
      ctx.put(CALLER, done.result());
      ctx.next();
    });
  }

  /** Who the request proves to be, by the same authenticators as the operations (the console's own routes use it). */
  public Future<Caller> caller(HttpServerRequest request) {
    return callerOf(request, 0);
  }

  private Future<Caller> callerOf(HttpServerRequest request, int index) {
    if (index == authenticators.size()) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    Future<Caller> caller;
    try {
      caller = authenticators.get(index).authenticate(request);
    } catch (RuntimeException e) {
      caller = Future.failedFuture(e);
    }
    return caller.compose(c -> c instanceof Caller.Anonymous ? callerOf(request, index + 1)
        : Future.succeededFuture(c));
  }

  private void handle(Operation op, RoutingContext ctx) {
    // A request without a body is never resumed by the body handler: let its end through.
    ctx.request().resume();
    Map<String, String> query = new LinkedHashMap<>();
    ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String mediaType = type == null ? null : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    ApiRequest request = new ApiRequest(op.method(), Map.copyOf(ctx.pathParams()), query,
        ctx.body() == null ? null : ctx.body().buffer(), mediaType, ctx.get(CALLER), maxJsonBytes);
    operations.execute(op, request).onSuccess(response -> send(ctx, response))
        .onFailure(t -> send(ctx, ApiResponse.error(ErrorCode.INTERNAL, "internal error")));
  }

  /**
   * Answers without having read the body. If the body is still coming, a caller who proved who they are (whose body
   * was only too large) has it drained and dropped, so they read the answer and keep the connection. Anyone else's
   * connection lingers (see {@link #lingerThenClose}) and is closed: holding what an unknown client sends is what
   * this front refuses to do.
   */
  private void refuse(RoutingContext ctx, ApiResponse response) {
    HttpServerRequest request = ctx.request();
    Caller caller = ctx.get(CALLER);
    boolean known = caller != null && !(caller instanceof Caller.Anonymous);
    send(ctx, response).onComplete(v -> {
      if (request.isEnded()) {
        return;
      }
      if (known) {
        request.handler(null).resume();
      } else {
        lingerThenClose(ctx.vertx(), request);
      }
    });
  }

  /**
   * Closes a refused connection, after reading and dropping at most {@link #maxJsonBytes} for at most
   * {@link #LINGER_MS}: closing a socket with unread data makes TCP reset it, and the client would often lose the
   * answer it was just sent. Nothing is kept, and the time and bytes are bounded.
   */
  private void lingerThenClose(Vertx vertx, HttpServerRequest request) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && (!declared.matches("\\d{1,9}") || Long.parseLong(declared) > maxJsonBytes)) {
      request.connection().close();
      return;
    }
    long[] read = {0};
    long timer = vertx.setTimer(LINGER_MS, id -> request.connection().close());
    request.handler(chunk -> {
      read[0] += chunk.length();
      if (read[0] > maxJsonBytes) {
        vertx.cancelTimer(timer);
        request.connection().close();
      }
    });
    request.endHandler(v -> vertx.cancelTimer(timer));
    request.resume();
  }

  private static Future<Void> send(RoutingContext ctx, ApiResponse response) {
    HttpServerResponse http = ctx.response();
    if (http.ended()) {
      return Future.succeededFuture();
    }
    http.setStatusCode(response.status());
    if (response.status() == 503) {
      // Down or busy, both pass within about a second (the pool's reconnect, its queue draining).
      http.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_S);
    }
    if (response.status() == 401) {
      http.putHeader("WWW-Authenticate", "Bearer realm=\"nanoedge\"");
    }
    if (response.location() != null) {
      http.putHeader(HttpHeaders.LOCATION, response.location());
    }
    if (response.json() != null) {
      return http.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(response.json().toBuffer());
    } else if (response.bytes() != null) {
      return http.putHeader(HttpHeaders.CONTENT_TYPE, response.mediaType()).end(response.bytes());
    }
    return http.end();
  }
}
