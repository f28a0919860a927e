package io.nanoedge.api.front;

/**
 * Who sent a request, as its front end proved it before the body was read: the admin (the admin token, the admin
 * DTLS PSK identity, or an admin account of the console), a host (a person signed in to the console), a registered
 * device (its DTLS PSK identity), or nobody. {@link Access} decides what each may do.
 */
public sealed interface Caller {
  /** A caller that proved nothing. */
  Anonymous ANONYMOUS = new Anonymous();

  /** Everything. {@code name} says how it proved it (for logs and "admitted by"): {@code token}, {@code psk:id}… */
  record Admin(String name) implements Caller {
  }

  /** A person acting on the events they host ({@code events.host_id}). */
  record Host(long personId) implements Caller {
  }

  /** A registered device: it acts for its own location and kind on the device fronts; here it has no rights. */
  record Device(String id, String kind, String location) implements Caller {
  }

  /** No credential at all. */
  record Anonymous() implements Caller {
  }

  /**
   * The host whose events bound what this caller may see and change, or null when nothing bounds it (an admin, or
   * a reader let in by {@code api.public-read}, who was already checked by {@link Access}).
   */
  default Long hostScope() {
    return this instanceof Host host ? host.personId() : null;
  }
}
