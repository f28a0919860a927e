package io.nanoedge.bus;

/**
 * The seed's workflow statuses. A failure is the step's status with {@code NOT } in front; it is always
 * terminal. {@link #wire()} is the text stored in the status log and sent on the wire.
 */
public enum Status {
  INIT, DETECTED, SCANNED, NOT_SCANNED, AUTHENTICATED, NOT_AUTHENTICATED, GUIDED, NOT_GUIDED,
  PRESENTED, NOT_PRESENTED;

  public String wire() {
    return name().replace('_', ' ');
  }

  public boolean failure() {
    return name().startsWith("NOT_");
  }

  public static Status fromWire(String text) {
    if (text != null) {
      for (Status s : values()) {
        if (s.wire().equals(text)) {
          return s;
        }
      }
    }
    throw NanoException.badRequest("field 'status' must be one of INIT, DETECTED, SCANNED, NOT SCANNED, "
        + "AUTHENTICATED, NOT AUTHENTICATED, GUIDED, NOT GUIDED, PRESENTED, NOT PRESENTED; got '" + text + "'");
  }
}
