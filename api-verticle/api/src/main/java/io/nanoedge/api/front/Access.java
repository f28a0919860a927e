package io.nanoedge.api.front;

import io.nanoedge.bus.ErrorCode;

/**
 * The access rule of one {@link Operation}, checked from the {@link Caller} alone before any body is read (401 for
 * nobody, 403 for a caller that is known but not allowed). {@link #HOST_SCOPED} operations narrow a host further to
 * their own events, in the service layer, where the event is known. {@code api.public-read} opens the reads of
 * every rule but {@link #ADMIN_ONLY} to anyone, as it always has.
 */
public enum Access {
  /** Admins only, reads included, whatever api.public-read says (device credentials, node services). */
  ADMIN_ONLY,
  /** Admins only (persons, rooms and tags are changed by administrators). */
  ADMIN,
  /** Admins and every host: what booking a meeting needs to read (rooms, their calendars, persons). */
  SIGNED_IN,
  /** Admins, and hosts on the events they host and those events' participants, documents, visits and admissions. */
  HOST_SCOPED;

  /** Null when {@code caller} may run an operation with this rule, else the refusal's code. */
  public ErrorCode refusal(Caller caller, boolean read, boolean publicRead) {
    if (caller instanceof Caller.Admin) {
      return null;
    }
    if (read && publicRead && this != ADMIN_ONLY) {
      return null;
    }
    if (caller instanceof Caller.Host && (this == SIGNED_IN || this == HOST_SCOPED)) {
      return null;
    }
    return caller instanceof Caller.Anonymous ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN;
  }
}
