package io.nanoedge.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * The one error vocabulary of nanoedge: HTTP-style codes used as event-bus failure codes, HTTP statuses
 * and (mapped) CoAP response codes, so a caller anywhere can tell "retry later" from "your input is wrong".
 */
public enum ErrorCode {
  BAD_REQUEST(400, "bad_request", 0x80),            // 4.00
  UNAUTHORIZED(401, "unauthorized", 0x81),          // 4.01
  // Proven who it is, but not allowed to do this (a device or a host on an admin operation).
  FORBIDDEN(403, "forbidden", 0x83),                // 4.03
  NOT_FOUND(404, "not_found", 0x84),                // 4.04
  METHOD_NOT_ALLOWED(405, "method_not_allowed", 0x85), // 4.05
  // CoAP has no 4.09 for a state conflict; 4.12 Precondition Failed is the closest standard meaning
  // ("the target's current state does not allow this") and is what nanoedge answers for a 409.
  CONFLICT(409, "conflict", 0x8C),                  // 4.12
  TOO_LARGE(413, "too_large", 0x8D),                // 4.13
  UNSUPPORTED_MEDIA(415, "unsupported_media_type", 0x8F), // 4.15
  // Throttled (the console's sign-in after too many wrong passwords); CoAP's 4.29 (RFC 8516) is the same.
  TOO_MANY_REQUESTS(429, "too_many_requests", 0x9D), // 4.29
  INTERNAL(500, "internal", 0xA0),                  // 5.00
  UNAVAILABLE(503, "unavailable", 0xA3),            // 5.03
  TIMEOUT(504, "timeout", 0xA4),                    // 5.04
  // Up but saturated (a full queue): retry after a moment. Shares 503 with UNAVAILABLE, which ofStatus prefers, so
  // across the bus it reads as "unavailable": both mean "retry later", only the front's message differs.
  BUSY(503, "busy", 0xA3);                          // 5.03

  private final int status;
  private final String id;
  private final int coapCode;

  ErrorCode(int status, String id, int coapCode) {
    this.status = status;
    this.id = id;
    this.coapCode = coapCode;
  }

  /** HTTP status, also used as the event-bus failure code. */
  public int status() {
    return status;
  }

  /** The short machine-readable name used as {@code "error"} in JSON error bodies. */
  public String id() {
    return id;
  }

  /** CoAP code byte (class &lt;&lt; 5 | detail), as {@code CoAP.ResponseCode.valueOf(int)} expects. */
  public int coapCode() {
    return coapCode;
  }

  public static ErrorCode ofStatus(int status) {
    for (ErrorCode c : values()) {
      if (c.status == status) {
        return c;
      }
    }
    return status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL;
  }

  /** Classifies any failure, including event-bus {@link ReplyException}s from remote nodes. */
  public static ErrorCode of(Throwable t) {
    if (t instanceof NanoException ne) {
      return ne.code();
    }
    if (t instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.TIMEOUT) {
        return TIMEOUT;
      }
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return UNAVAILABLE;
      }
      return ofStatus(re.failureCode());
    }
    if (t instanceof IllegalArgumentException) {
      return BAD_REQUEST;
    }
    return INTERNAL;
  }

  /** A human-readable message for any failure, naming the address for bus-level failures. */
  public static String messageOf(Throwable t) {
    if (t instanceof ReplyException re && re.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return re.failureType() == ReplyFailure.TIMEOUT
          ? "no reply in time: " + re.getMessage()
          : "no service is listening: " + re.getMessage();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  public NanoException exception(String message) {
    return new NanoException(this, message);
  }
}
