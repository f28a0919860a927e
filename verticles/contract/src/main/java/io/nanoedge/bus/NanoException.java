package io.nanoedge.bus;

/** A failure that carries its {@link ErrorCode}; the message is safe to show to a client. */
public class NanoException extends RuntimeException {
  private final ErrorCode code;

  public NanoException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static NanoException badRequest(String message) {
    return new NanoException(ErrorCode.BAD_REQUEST, message);
  }

  public static NanoException notFound(String message) {
    return new NanoException(ErrorCode.NOT_FOUND, message);
  }

  public static NanoException conflict(String message) {
    return new NanoException(ErrorCode.CONFLICT, message);
  }

  public static NanoException unavailable(String message) {
    return new NanoException(ErrorCode.UNAVAILABLE, message);
  }
}
