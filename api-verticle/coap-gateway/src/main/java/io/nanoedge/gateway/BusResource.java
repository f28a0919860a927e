package io.nanoedge.gateway;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * One seed CoAP resource: a POST with a JSON payload becomes one event-bus command and the reply (or
 * failure, with its {@link ErrorCode} mapped to a CoAP code) goes back as JSON. The five seed resources
 * differ only in how the payload is checked and where it goes, so they are instances of this one class.
 * Exchanges hop onto the verticle's context before touching Vert.x.
 */
final class BusResource extends CoapResource {
  private final Context context;
  private final ResponseCode success;
  private final Function<JsonObject, Future<JsonObject>> command;

  /**
   * @param command validates the payload (throwing a 400 {@link NanoException} naming the bad field) and
   *     sends the command; its reply is the response payload
   */
  BusResource(String name, String title, Context context, ResponseCode success,
      Function<JsonObject, Future<JsonObject>> command) {
    super(name);
    getAttributes().setTitle(title);
    this.context = context;
    this.success = success;
    this.command = command;
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    int format = exchange.getRequestOptions().getContentFormat();
    if (format != MediaTypeRegistry.UNDEFINED && format != MediaTypeRegistry.APPLICATION_JSON
        && format != MediaTypeRegistry.TEXT_PLAIN) {
      fail(exchange, new NanoException(ErrorCode.UNSUPPORTED_MEDIA, "payload must be JSON (content format 50)"));
      return;
    }
    String text = exchange.getRequestText();
    context.runOnContext(v -> {
      Future<JsonObject> reply;
      try {
        reply = command.apply(parse(text));
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(json -> exchange.respond(success, json.encode(), MediaTypeRegistry.APPLICATION_JSON))
          .onFailure(t -> fail(exchange, t));
    });
  }

  private static JsonObject parse(String text) {
    if (text == null || text.isBlank()) {
      throw NanoException.badRequest("payload is empty: a JSON object is required");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw NanoException.badRequest("payload must be a JSON object");
    }
  }

  private static void fail(CoapExchange exchange, Throwable t) {
    ErrorCode code = ErrorCode.of(t);
    String message = code == ErrorCode.INTERNAL ? "internal error" : ErrorCode.messageOf(t);
    exchange.respond(ResponseCode.valueOf(code.coapCode()),
        new JsonObject().put("error", code.id()).put("message", message).encode(), MediaTypeRegistry.APPLICATION_JSON);
  }
}
