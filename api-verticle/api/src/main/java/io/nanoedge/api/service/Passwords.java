package io.nanoedge.api.service;

import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Account passwords, hashed with BCrypt from Spring Security Crypto (a maintained implementation, not ours). Both
 * hashing and checking cost tens of milliseconds of CPU on purpose, so they run on a worker thread, never on an
 * event loop; at most {@link #MAX_IN_FLIGHT} run at once per node, so a flood of sign-ins cannot take every worker.
 */
public final class Passwords {
  /** BCrypt reads at most 72 bytes of a password; longer ones are refused rather than silently cut. */
  static final int MAX_BYTES = 72;
  static final int MIN_LENGTH = 10;
  /** A few checks at a time keep a two-core node responsive; beyond that a sign-in is told to retry (503). */
  static final int MAX_IN_FLIGHT = 4;
  /** BCrypt's own base-64 alphabet, and the length of the digest after the 29-character salt part. */
  private static final String BCRYPT_BASE64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int DIGEST_CHARS = 31;

  private final Vertx vertx;
  private final int cost;
  private final SecureRandom random = new SecureRandom();
  private final String decoy;
  private int inFlight;

  public Passwords(Vertx vertx, int cost) {
    this.vertx = vertx;
    this.cost = cost;
    this.decoy = decoy(cost, random);
  }

  /**
   * Checked against when the username is unknown, so a wrong username takes as long as a wrong password: a BCrypt
   * hash of this cost with a random salt and a random digest. Checking a password against it runs the full BCrypt
   * of that cost and matches no password (a random 184-bit digest). Not made by hashing a password here: that cost
   * a whole BCrypt on the event loop at every API start (seconds on a loaded Pi-sized node, measured blocking the
   * API's start in the Swarm test).
   */
  static String decoy(int cost, SecureRandom random) {
    StringBuilder hash = new StringBuilder(BCrypt.gensalt(cost, random));
    for (int i = 0; i < DIGEST_CHARS; i++) {
      hash.append(BCRYPT_BASE64.charAt(random.nextInt(BCRYPT_BASE64.length())));
    }
    return hash.toString();
  }

  /** Refuses a password that is too short or too long for BCrypt, naming the field. */
  public static String checkNew(String password) {
    if (password.length() < MIN_LENGTH) {
      throw NanoException.badRequest("field 'password' must have at least " + MIN_LENGTH + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw NanoException.badRequest("field 'password' must be at most " + MAX_BYTES + " bytes (UTF-8)");
    }
    return password;
  }

  public Future<String> hash(String password) {
    String salt = BCrypt.gensalt(cost, random);
    return limited(() -> BCrypt.hashpw(password, salt));
  }

  /** True when {@code password} matches {@code hash}; a null hash (no such account) is checked against a decoy. */
  public Future<Boolean> matches(String password, String hash) {
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Future.succeededFuture(false);
    }
    return limited(() -> BCrypt.checkpw(password, hash == null ? decoy : hash) && hash != null);
  }

  private <T> Future<T> limited(java.util.concurrent.Callable<T> work) {
    synchronized (this) {
      if (inFlight >= MAX_IN_FLIGHT) {
        return Future.failedFuture(NanoException.unavailable("busy checking passwords, retry in a second"));
      }
      inFlight++;
    }
    return vertx.executeBlocking(work, false).andThen(done -> {
      synchronized (this) {
        inFlight--;
      }
    });
  }
}
