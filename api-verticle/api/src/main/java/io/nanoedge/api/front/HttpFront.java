package io.nanoedge.api.front;

import io.nanoedge.bus.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP front end (Vert.x Web): one route per {@link Operation}, bearer-token check, and JSON errors
 * for everything the router itself rejects (unknown path, wrong method, body over the limit).
 */
public final class HttpFront {
  private final ApiOperations operations;
  private final byte[] tokenDigest;
  private final int maxJsonBytes;
  private final Buffer openApi;

  public HttpFront(ApiOperations operations, String adminToken, int maxJsonBytes, Buffer openApi) {
    this.operations = operations;
    this.tokenDigest = sha256(adminToken);
    this.maxJsonBytes = maxJsonBytes;
    this.openApi = openApi;
  }

  public Router router(Vertx vertx, int bodyLimit) {
    Router router = Router.router(vertx);
    router.get("/api/openapi.yaml").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE,
        "application/yaml").end(openApi));
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    for (Operation op : operations.all()) {
      router.route(HttpMethod.valueOf(op.method()), op.path().replaceAll("\\{(\\w+)}", ":$1"))
          .handler(ctx -> handle(op, ctx));
    }
    router.errorHandler(404, ctx -> send(ctx, ApiResponse.error(ErrorCode.NOT_FOUND, "no such resource: "
        + ctx.request().path())));
    router.errorHandler(405, ctx -> send(ctx, ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED,
        ctx.request().method() + " is not allowed on " + ctx.request().path())));
    router.errorHandler(413, ctx -> send(ctx, ApiResponse.error(ErrorCode.TOO_LARGE, "the body may have at most "
        + bodyLimit + " bytes")));
    router.errorHandler(400, ctx -> send(ctx, ApiResponse.error(ErrorCode.BAD_REQUEST, "malformed request")));
    router.errorHandler(500, ctx -> send(ctx, ApiResponse.error(ErrorCode.INTERNAL, "internal error")));
    return router;
  }

  public Future<HttpServer> listen(Vertx vertx, String host, int port, int bodyLimit) {
    return vertx.createHttpServer().requestHandler(router(vertx, bodyLimit)).listen(port, host);
  }

  private void handle(Operation op, RoutingContext ctx) {
    Map<String, String> query = new LinkedHashMap<>();
    ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String mediaType = type == null ? null : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    ApiRequest request = new ApiRequest(op.method(), Map.copyOf(ctx.pathParams()), query,
        ctx.body() == null ? null : ctx.body().buffer(), mediaType, authorised(ctx), maxJsonBytes);
    operations.execute(op, request).onSuccess(response -> send(ctx, response))
        .onFailure(t -> send(ctx, ApiResponse.error(ErrorCode.INTERNAL, "internal error")));
  }

  private boolean authorised(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // Comparing digests keeps the comparison constant-time and independent of the token's length.
    return MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()));
  }

  private static void send(RoutingContext ctx, ApiResponse response) {
    HttpServerResponse http = ctx.response();
    if (http.ended()) {
      return;
    }
    http.setStatusCode(response.status());
    if (response.status() == 401) {
      http.putHeader("WWW-Authenticate", "Bearer realm=\"nanoedge\"");
    }
    if (response.location() != null) {
      http.putHeader(HttpHeaders.LOCATION, response.location());
    }
    if (response.json() != null) {
      http.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(response.json().toBuffer());
    } else if (response.bytes() != null) {
      http.putHeader(HttpHeaders.CONTENT_TYPE, response.mediaType()).end(response.bytes());
    } else {
      http.end();
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
