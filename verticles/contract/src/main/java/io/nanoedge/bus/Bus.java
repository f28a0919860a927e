package io.nanoedge.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply and facts over the (possibly clustered) event bus with nanoedge's rules: every request has a
 * short timeout (the clustered bus is at-most-once and a dead node's consumer is silent until the member is
 * removed), every failure is a {@link NanoException} carrying an {@link ErrorCode}, and bodies are the record
 * types a {@link Command} or {@link Fact} names, so nobody builds or picks apart JSON by hand.
 */
public final class Bus {
  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);

  /** Default request timeout; long enough for a warm cross-JVM reply, short enough to notice a dead node. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private Bus() {
  }

  public static <Q extends BusMessage, R extends BusMessage> Future<R> request(EventBus bus, Command<Q, R> command,
      Q request) {
    return request(bus, command, request, DEFAULT_TIMEOUT);
  }

  /** Sends a command and decodes its reply; any failure (timeout, no handlers, remote failure) is a NanoException. */
  public static <Q extends BusMessage, R extends BusMessage> Future<R> request(EventBus bus, Command<Q, R> command,
      Q request, Duration timeout) {
    return requestJson(bus, command.address(), request.toJson(), timeout).map(reply -> decodeReply(command, reply));
  }

  /**
   * Sends a raw JSON body to a command's address and returns the raw reply: for the tests of malformed input and
   * for tools that relay a body they do not interpret. Services use the typed {@link #request}.
   */
  public static Future<JsonObject> requestJson(EventBus bus, String address, JsonObject body) {
    return requestJson(bus, address, body, DEFAULT_TIMEOUT);
  }

  public static Future<JsonObject> requestJson(EventBus bus, String address, JsonObject body, Duration timeout) {
    return exchange(bus, address, body, timeout).recover(t -> Future.failedFuture(toNano(address, t)));
  }

  /** The exchange itself: a failure stays the event bus's own, for callers that explain failures their way. */
  static Future<JsonObject> exchange(EventBus bus, String address, JsonObject body, Duration timeout) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(Math.max(1, timeout.toMillis()));
    return bus.<Object>request(address, body, options).map(reply -> {
      if (reply.body() instanceof JsonObject json) {
        return json;
      }
      throw ErrorCode.INTERNAL.exception(address + " replied with a non-JSON body");
    });
  }

  /** A reply decoded with the command's reply type; a reply that does not decode is the server's fault. */
  static <R extends BusMessage> R decodeReply(Command<?, R> command, JsonObject reply) {
    try {
      return command.reply().apply(reply);
    } catch (NanoException e) {
      throw ErrorCode.INTERNAL.exception(command.address() + " replied with an unreadable body: " + e.getMessage());
    }
  }

  private static NanoException toNano(String address, Throwable t) {
    if (t instanceof NanoException ne) {
      return ne;
    }
    ErrorCode code = ErrorCode.of(t);
    String message = switch (code) {
      case TIMEOUT -> "no reply from " + address + " in time";
      case UNAVAILABLE -> t instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
          ? "no service is listening on " + address : ErrorCode.messageOf(t);
      default -> ErrorCode.messageOf(t);
    };
    return new NanoException(code, message);
  }

  /**
   * Serves a command: decodes the request (a bad one fails 400 naming the field), runs the handler and replies
   * with its record, or fails with its error code. Unexpected exceptions are logged with an id and only the id
   * crosses the bus (exception causes do not survive the cluster).
   */
  public static <Q extends BusMessage, R extends BusMessage> MessageConsumer<Object> serve(EventBus bus,
      Command<Q, R> command, Function<Q, Future<R>> handler) {
    return bus.consumer(command.address(), message -> handle(command.address(), message,
        body -> handler.apply(command.request().apply(body)).map(BusMessage::toJson)));
  }

  /** Like {@link #serve} but visible to this node only. */
  public static <Q extends BusMessage, R extends BusMessage> MessageConsumer<Object> serveLocal(EventBus bus,
      Command<Q, R> command, Function<Q, Future<R>> handler) {
    return bus.localConsumer(command.address(), message -> handle(command.address(), message,
        body -> handler.apply(command.request().apply(body)).map(BusMessage::toJson)));
  }

  /** Serves raw JSON on an address: for stand-ins in tests that must answer what a real service would not. */
  public static MessageConsumer<Object> serveJson(EventBus bus, String address,
      Function<JsonObject, Future<JsonObject>> handler) {
    return bus.consumer(address, message -> handle(address, message, handler));
  }

  /** Publishes a fact to everyone listening (at most once each; nobody may be listening). */
  public static <T extends BusMessage> void publish(EventBus bus, Fact<T> fact, T body) {
    bus.publish(fact.address(), body.toJson());
  }

  /** Listens to a fact; a body that does not decode is logged and skipped, never handed on. */
  public static <T extends BusMessage> MessageConsumer<Object> subscribe(EventBus bus, Fact<T> fact,
      Consumer<T> handler) {
    return bus.consumer(fact.address(), message -> {
      T body;
      try {
        body = fact.body().apply(Fields.body(message.body()));
      } catch (NanoException e) {
        LOG.warn("ignoring a malformed {}: {}", fact.address(), e.getMessage());
        return;
      }
      handler.accept(body);
    });
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
