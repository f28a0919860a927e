package io.nanoedge.api.front;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** {@code Authorization: Bearer <admin.token>} makes the caller the admin; any other bearer token is a 401. */
public final class BearerAuthenticator implements HttpAuthenticator {
  private static final Caller ADMIN = new Caller.Admin("token");
  private final byte[] tokenDigest;

  public BearerAuthenticator(String adminToken) {
    this.tokenDigest = sha256(adminToken);
  }

  @Override
  public Future<Caller> authenticate(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    // Comparing digests keeps the comparison constant-time and independent of the token's length.
    if (MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()))) {
      return Future.succeededFuture(ADMIN);
    }
    return Future.failedFuture(new NanoException(ErrorCode.UNAUTHORIZED, "wrong admin token"));
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
