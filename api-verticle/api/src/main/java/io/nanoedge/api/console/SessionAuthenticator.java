package io.nanoedge.api.console;

import io.nanoedge.api.front.Caller;
import io.nanoedge.api.front.HttpAuthenticator;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The console's session cookie as an API credential: the signed-in account becomes the caller (an admin account
 * the admin, a host account a {@link Caller.Host}), so the console's calls go through the API's own access rules.
 * Every change must also carry the session's CSRF token in {@value #CSRF_HEADER} (a synchronizer token: a page
 * of another origin cannot read it, so it cannot forge a change even where SameSite does not hold).
 */
public final class SessionAuthenticator implements HttpAuthenticator {
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private final Sessions sessions;
  private final String cookieName;

  public SessionAuthenticator(Sessions sessions, String cookieName) {
    this.sessions = sessions;
    this.cookieName = cookieName;
  }

  @Override
  public Future<Caller> authenticate(HttpServerRequest request) {
    Cookie cookie = request.getCookie(cookieName);
    if (cookie == null) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    return sessions.find(cookie.getValue()).compose(session -> {
      if (session == null) {
        return Future.failedFuture(new NanoException(ErrorCode.UNAUTHORIZED,
            "the console session has ended (signed out or expired): sign in again"));
      }
      if (!safe(request.method()) && !Sessions.csrfMatches(session, request.getHeader(CSRF_HEADER))) {
        return Future.failedFuture(new NanoException(ErrorCode.FORBIDDEN,
            "a change in a console session needs the session's CSRF token in " + CSRF_HEADER));
      }
      return Future.succeededFuture(session.caller());
    });
  }

  static boolean safe(HttpMethod method) {
    return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
  }
}
