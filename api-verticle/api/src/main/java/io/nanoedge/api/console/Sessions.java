package io.nanoedge.api.console;

import io.nanoedge.api.db.Database;
import io.nanoedge.api.front.Caller;
import io.nanoedge.api.service.AccountService;
import io.nanoedge.api.service.Passwords;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Console sign-in and sessions on the database, so every API node knows every session. The cookie's value is 32
 * random bytes; only its SHA-256 is stored. A session ends at sign-out, {@code sessionLife} after sign-in, or after
 * {@code idle} without a request; changing or deleting the account ends its sessions too.
 */
public final class Sessions {
  /** last_seen_at is written at most this often, so reads do not each cost a write. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private final Database db;
  private final Passwords passwords;
  private final SignInThrottle throttle;
  private final Duration sessionLife;
  private final Duration idle;
  private final SecureRandom random = new SecureRandom();

  /** A live session: who it is, and the CSRF token its changes must carry. */
  public record Session(long accountId, String username, String role, Long personId, String personName,
      String csrfToken) {
    public Caller caller() {
      return role.equals(AccountService.ADMIN) ? new Caller.Admin("account:" + username) : new Caller.Host(personId);
    }

    public JsonObject toJson() {
      return new JsonObject().put("username", username).put("role", role).put("personId", personId)
          .put("personName", personName).put("csrfToken", csrfToken);
    }
  }

  /** A new session and the cookie value that proves it (never stored). */
  public record SignedIn(String cookieValue, Session session) {
  }

  public Sessions(Database db, Passwords passwords, SignInThrottle throttle, Duration sessionLife, Duration idle) {
    this.db = db;
    this.passwords = passwords;
    this.throttle = throttle;
    this.sessionLife = sessionLife;
    this.idle = idle;
  }

  public SignInThrottle throttle() {
    return throttle;
  }

  /**
   * Checks the password and opens a session: 429 while the username or the address is throttled (checked before
   * the password, so a throttled guess costs no hashing), 401 for a wrong username or password (the same answer
   * for both, and the same time: an unknown username is checked against a decoy hash).
   */
  public Future<SignedIn> signIn(String username, String password, String address) {
    long wait = throttle.retryAfterSeconds(username, address);
    if (wait > 0) {
      return Future.failedFuture(tooMany(wait));
    }
    return db.run(sql -> sql.preparedQuery("SELECT a.id, a.username, a.password_hash, a.role, a.person_id, "
            + "p.name AS person_name FROM accounts a LEFT JOIN persons p ON p.id = a.person_id WHERE a.username = ?")
        .execute(Tuple.of(username)))
        .compose(rows -> {
          Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
          return passwords.matches(password, row == null ? null : row.getString("password_hash"))
              .compose(ok -> {
                if (!ok) {
                  throttle.failed(username, address);
                  return Future.failedFuture(new NanoException(ErrorCode.UNAUTHORIZED, "wrong username or password"));
                }
                throttle.succeeded(username);
                return open(row);
              });
        });
  }

  static NanoException tooMany(long seconds) {
    return new NanoException(ErrorCode.TOO_MANY_REQUESTS, "too many failed sign-ins: try again in " + seconds
        + " s");
  }

  private Future<SignedIn> open(Row account) {
    String cookie = randomToken();
    String csrf = randomToken();
    LocalDateTime now = now();
    Session session = new Session(account.getLong("id"), account.getString("username"), account.getString("role"),
        account.getLong("person_id"), account.getString("person_name"), csrf);
    return db.run(sql -> sql.preparedQuery("DELETE FROM sessions WHERE expires_at < ?").execute(Tuple.of(now))
        .compose(v -> sql.preparedQuery("INSERT INTO sessions (id_hash, account_id, csrf_token, created_at, "
            + "expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)").execute(Tuple.of(sha256(cookie),
            session.accountId(), csrf, now, now.plus(sessionLife), now))))
        .map(v -> new SignedIn(cookie, session));
  }

  /** The live session the cookie value proves, or null (unknown, expired, idle too long, signed out). */
  public Future<Session> find(String cookieValue) {
    if (cookieValue == null || cookieValue.length() != 43) {
      return Future.succeededFuture(null);
    }
    String id = sha256(cookieValue);
    LocalDateTime now = now();
    return db.run(sql -> sql.preparedQuery("SELECT s.csrf_token, s.last_seen_at, a.id, a.username, a.role, "
            + "a.person_id, p.name AS person_name FROM sessions s JOIN accounts a ON a.id = s.account_id "
            + "LEFT JOIN persons p ON p.id = a.person_id WHERE s.id_hash = ? AND s.expires_at > ? "
            + "AND s.last_seen_at > ?").execute(Tuple.of(id, now, now.minus(idle)))
        .compose(rows -> {
          if (!rows.iterator().hasNext()) {
            return Future.succeededFuture(null);
          }
          Row r = rows.iterator().next();
          Session session = new Session(r.getLong("id"), r.getString("username"), r.getString("role"),
              r.getLong("person_id"), r.getString("person_name"), r.getString("csrf_token"));
          if (r.getLocalDateTime("last_seen_at").isAfter(now.minus(TOUCH_EVERY))) {
            return Future.succeededFuture(session);
          }
          return sql.preparedQuery("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?")
              .execute(Tuple.of(now, id)).map(v -> session);
        }));
  }

  public Future<Void> signOut(String cookieValue) {
    return db.run(sql -> sql.preparedQuery("DELETE FROM sessions WHERE id_hash = ?")
        .execute(Tuple.of(sha256(cookieValue)))).mapEmpty();
  }

  /** Constant-time comparison of the CSRF token a request carries with its session's. */
  public static boolean csrfMatches(Session session, String header) {
    return header != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.US_ASCII),
        header.getBytes(StandardCharsets.US_ASCII));
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static LocalDateTime now() {
    return LocalDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
