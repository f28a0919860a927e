package io.nanoedge.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;

/**
 * Requests from an operator's tools (the shell, the node agent) to the roles. Failures become messages an
 * operator can act on: "no controller is running" rather than "NO_HANDLERS nanoedge.controller.visits".
 */
public final class OperatorBus {
  private final EventBus bus;
  private final Duration timeout;

  public OperatorBus(EventBus bus, Duration timeout) {
    this.bus = bus;
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Sends a command; {@code absent} is what to say when nobody serves it (e.g. "no controller is running"),
   * {@code who} names the server in a timeout message.
   */
  public <Q extends BusMessage, R extends BusMessage> Future<R> request(Command<Q, R> command, Q body, String who,
      String absent) {
    return request(command, body, who, absent, timeout);
  }

  public <Q extends BusMessage, R extends BusMessage> Future<R> request(Command<Q, R> command, Q body, String who,
      String absent, Duration wait) {
    return Bus.exchange(bus, command.address(), body.toJson(), wait).transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(Bus.decodeReply(command, ar.result()));
      }
      Throwable t = ar.cause();
      if (t instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
        return Future.failedFuture(new NanoException(ErrorCode.UNAVAILABLE, absent));
      }
      if (t instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
        return Future.failedFuture(new NanoException(ErrorCode.TIMEOUT,
            who + " did not answer within " + wait.toMillis() + " ms"));
      }
      return Future.failedFuture(new NanoException(ErrorCode.of(t), who + ": " + ErrorCode.messageOf(t)));
    });
  }

  /** The text the shell prints for a failed command. */
  public static String describe(Throwable t) {
    ErrorCode code = ErrorCode.of(t);
    String message = ErrorCode.messageOf(t);
    return switch (code) {
      case BAD_REQUEST -> message;
      case INTERNAL -> "failed: " + message;
      default -> code.id() + ": " + message;
    };
  }
}
