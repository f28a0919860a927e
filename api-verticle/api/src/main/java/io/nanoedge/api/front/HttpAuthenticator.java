package io.nanoedge.api.front;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * Maps an HTTP request to the {@link Caller} it proves to be, from its headers alone: the {@link HttpFront} asks
 * its authenticators in order before any body is read, and the first that recognises a credential decides.
 * The admin bearer token is one ({@link BearerAuthenticator}); the console's session cookie is another (its CSRF
 * check belongs here too, since it needs only headers). The request is paused while the future runs.
 */
@FunctionalInterface
public interface HttpAuthenticator {
  /**
   * The caller the request proves to be; {@link Caller#ANONYMOUS} when it carries no credential this authenticator
   * knows (the next one is asked); a failed future with a {@link io.nanoedge.bus.NanoException} of code
   * UNAUTHORIZED when it carries one that is wrong (answered 401 at once, no other authenticator is asked).
   */
  Future<Caller> authenticate(HttpServerRequest request);
}
