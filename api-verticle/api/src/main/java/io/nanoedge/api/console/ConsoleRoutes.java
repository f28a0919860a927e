package io.nanoedge.api.console;

import io.nanoedge.api.front.ApiResponse;
import io.nanoedge.api.front.Caller;
import io.nanoedge.api.front.HttpFront;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Set;

/**
 * The console's HTTP-only routes beside the API's operations (they concern a browser's cookie and stream, which
 * CoAP has no use for): sign in, who am I, sign out, and the live board's event stream. Listed in
 * {@link #PATHS} so the OpenAPI test holds them to the description like the operations.
 */
public final class ConsoleRoutes {
  public static final String SESSION = "/api/session";
  public static final String BOARD = "/api/board/events";
  /** Method and path of every route here, as the OpenAPI description lists them. */
  public static final List<String> PATHS = List.of("POST " + SESSION, "GET " + SESSION, "DELETE " + SESSION,
      "GET " + BOARD);
  /** A sign-in body is a username and a password: anything bigger is not one. */
  static final int SIGN_IN_MAX_BYTES = 1024;
  private static final Set<String> SIGN_IN_FIELDS = Set.of("username", "password");

  private final Sessions sessions;
  private final LiveBoard board;
  private final HttpFront front;
  private final ConsoleOptions options;

  public ConsoleRoutes(Sessions sessions, LiveBoard board, HttpFront front, ConsoleOptions options) {
    this.sessions = sessions;
    this.board = board;
    this.front = front;
    this.options = options;
  }

  public Router addTo(Router router) {
    router.post(SESSION).handler(this::beforeSignIn);
    router.post(SESSION).handler(BodyHandler.create(false).setBodyLimit(SIGN_IN_MAX_BYTES));
    router.post(SESSION).handler(this::signIn);
    router.get(SESSION).handler(this::whoAmI);
    router.delete(SESSION).handler(this::signOut);
    router.get(BOARD).handler(this::stream);
    return router;
  }

  /** A throttled address is refused before its body is read (the username is not known yet). */
  private void beforeSignIn(RoutingContext ctx) {
    long wait = sessions.throttle().addressRetryAfterSeconds(address(ctx));
    if (wait > 0) {
      ctx.response().putHeader("Retry-After", Long.toString(wait));
      send(ctx, error(Sessions.tooMany(wait)));
      return;
    }
    ctx.next();
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body;
    try {
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
        throw new NanoException(ErrorCode.UNSUPPORTED_MEDIA, "sign in with Content-Type: application/json");
      }
      body = ctx.body().asJsonObject();
      if (body == null) {
        throw NanoException.badRequest("the body must be {\"username\", \"password\"}");
      }
      Fields.onlyKnown(body, SIGN_IN_FIELDS);
      Fields.requireString(body, "username");
      Fields.requireString(body, "password");
    } catch (DecodeException | ClassCastException e) {
      send(ctx, ApiResponse.error(ErrorCode.BAD_REQUEST, "the body must be a JSON object"));
      return;
    } catch (RuntimeException e) {
      send(ctx, error(e));
      return;
    }
    sessions.signIn(body.getString("username"), body.getString("password"), address(ctx)).onComplete(done -> {
      if (done.failed()) {
        if (ErrorCode.of(done.cause()) == ErrorCode.TOO_MANY_REQUESTS) {
          ctx.response().putHeader("Retry-After", Long.toString(Math.max(1,
              sessions.throttle().retryAfterSeconds(body.getString("username"), address(ctx)))));
        }
        send(ctx, error(done.cause()));
        return;
      }
      ctx.response().addCookie(cookie(done.result().cookieValue(), options.sessionLife().toSeconds()));
      send(ctx, ApiResponse.ok(done.result().session().toJson()));
    });
  }

  private void whoAmI(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(options.cookieName());
    sessions.find(cookie == null ? null : cookie.getValue()).onComplete(done -> {
      if (done.failed()) {
        send(ctx, error(done.cause()));
      } else if (done.result() == null) {
        send(ctx, ApiResponse.error(ErrorCode.UNAUTHORIZED, "not signed in"));
      } else {
        send(ctx, ApiResponse.ok(done.result().toJson()));
      }
    });
  }

  /** Ends the session (the CSRF token is required, so another site cannot sign a host out) and clears the cookie. */
  private void signOut(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(options.cookieName());
    sessions.find(cookie == null ? null : cookie.getValue()).compose(session -> {
      if (session == null) {
        return Future.failedFuture(new NanoException(ErrorCode.UNAUTHORIZED, "not signed in"));
      }
      if (!Sessions.csrfMatches(session, ctx.request().getHeader(SessionAuthenticator.CSRF_HEADER))) {
        return Future.failedFuture(new NanoException(ErrorCode.FORBIDDEN, "signing out needs the session's CSRF "
            + "token in " + SessionAuthenticator.CSRF_HEADER));
      }
      return sessions.signOut(cookie.getValue());
    }).onComplete(done -> {
      if (done.failed()) {
        send(ctx, error(done.cause()));
        return;
      }
      ctx.response().addCookie(cookie("", 0));
      send(ctx, ApiResponse.deleted());
    });
  }

  /** The live board: admins see every visit, hosts what the API's visit rules let them see. */
  private void stream(RoutingContext ctx) {
    front.caller(ctx.request()).onComplete(done -> {
      if (done.failed()) {
        send(ctx, error(done.cause()));
        return;
      }
      Caller caller = done.result();
      if (caller instanceof Caller.Anonymous) {
        send(ctx, ApiResponse.error(ErrorCode.UNAUTHORIZED, "the live board needs a console session or the admin "
            + "token"));
      } else if (!(caller instanceof Caller.Admin) && !(caller instanceof Caller.Host)) {
        send(ctx, ApiResponse.error(ErrorCode.FORBIDDEN, "the live board is for hosts and admins"));
      } else if (!board.serve(ctx.response(), caller.hostScope())) {
        ctx.response().putHeader("Retry-After", "5");
        send(ctx, ApiResponse.error(ErrorCode.UNAVAILABLE, "too many live-board streams on this node, retry later"));
      }
    });
  }

  private Cookie cookie(String value, long maxAgeSeconds) {
    return Cookie.cookie(options.cookieName(), value).setPath("/").setHttpOnly(true).setSecure(options.secureCookie())
        .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAgeSeconds);
  }

  private static String address(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  private static ApiResponse error(Throwable t) {
    ErrorCode code = ErrorCode.of(t);
    return ApiResponse.error(code, code == ErrorCode.INTERNAL ? "internal error" : ErrorCode.messageOf(t));
  }

  private static void send(RoutingContext ctx, ApiResponse response) {
    HttpServerResponse http = ctx.response().setStatusCode(response.status());
    if (response.json() != null) {
      http.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(response.json().toBuffer());
    } else {
      http.end();
    }
  }
}
