package io.nanoedge.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over the (possibly clustered) event bus with nanoedge's rules: every request has a short
 * timeout (the clustered bus is at-most-once and a dead node's consumer is silent until the member is
 * removed), and every failure is a {@link NanoException} carrying an {@link ErrorCode}.
 */
public final class Bus {
  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);

  /** Default request timeout; long enough for a warm cross-JVM reply, short enough to notice a dead node. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private Bus() {
  }

  public static Future<JsonObject> request(EventBus bus, String address, JsonObject body) {
    return request(bus, address, body, DEFAULT_TIMEOUT);
  }

  /** Sends a command and maps any failure (timeout, no handlers, remote failure) to a {@link NanoException}. */
  public static Future<JsonObject> request(EventBus bus, String address, JsonObject body, Duration timeout) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(Math.max(1, timeout.toMillis()));
    return bus.<Object>request(address, body, options)
        .recover(t -> Future.failedFuture(toNano(address, t)))
        .map(reply -> {
          if (reply.body() instanceof JsonObject json) {
            return json;
          }
          throw ErrorCode.INTERNAL.exception(address + " replied with a non-JSON body");
        });
  }

  private static NanoException toNano(String address, Throwable t) {
    if (t instanceof NanoException ne) {
      return ne;
    }
    ErrorCode code = ErrorCode.of(t);
    String message = switch (code) {
      case TIMEOUT -> "no reply from " + address + " in time";
      case UNAVAILABLE -> t instanceof io.vertx.core.eventbus.ReplyException re
          && re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS
          ? "no service is listening on " + address : ErrorCode.messageOf(t);
      default -> ErrorCode.messageOf(t);
    };
    return new NanoException(code, message);
  }

  /**
   * Registers a command consumer: decodes and handles the body, replies with the handler's JSON, and turns
   * any failure into {@code message.fail(code, text)}. Unexpected exceptions are logged with an id and
   * only the id crosses the bus (exception causes do not survive the cluster).
   */
  public static MessageConsumer<Object> serve(EventBus bus, String address,
      Function<JsonObject, Future<JsonObject>> handler) {
    return bus.consumer(address, message -> handle(address, message, handler));
  }

  /** Like {@link #serve} but registers a consumer visible to this node only. */
  public static MessageConsumer<Object> serveLocal(EventBus bus, String address,
      Function<JsonObject, Future<JsonObject>> handler) {
    return bus.localConsumer(address, message -> handle(address, message, handler));
  }

  private static void handle(String address, Message<Object> message,
      Function<JsonObject, Future<JsonObject>> handler) {
    Future<JsonObject> result;
    try {
      result = handler.apply(Fields.body(message.body()));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(message::reply).onFailure(t -> fail(address, message, t));
  }

  public static void fail(String address, Message<?> message, Throwable t) {
    ErrorCode code = ErrorCode.of(t);
    if (code == ErrorCode.INTERNAL) {
      String id = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("error {} handling {}", id, address, t);
      message.fail(code.status(), "internal error " + id + " (see the log of the node serving " + address + ")");
    } else {
      message.fail(code.status(), ErrorCode.messageOf(t));
    }
  }
}
