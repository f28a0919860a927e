package io.nanoedge.gateway;

import io.nanoedge.bus.BusMessage;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.coap.CoapReplies;
import io.nanoedge.coap.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * One gateway resource: a POST with a JSON payload becomes one event-bus command and its reply (or failure, as
 * its CoAP code) goes back as JSON. The five resources differ only in the request type and where it goes, so they
 * are instances of this one class. Exchanges run on the verticle's context ({@link OnContext}).
 */
final class BusResource<Q extends BusMessage, R extends BusMessage> extends OnContext {
  private final ResponseCode success;
  private final Function<JsonObject, Q> request;
  private final Function<Q, Future<R>> send;

  /**
   * @param request decodes the payload, failing with a 400 that names the bad field
   * @param send sends the command; its reply is the response payload
   */
  BusResource(String name, String title, Context context, ResponseCode success, Function<JsonObject, Q> request,
      Function<Q, Future<R>> send) {
    super(name, context);
    getAttributes().setTitle(title);
    this.success = success;
    this.request = request;
    this.send = send;
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    int format = exchange.getRequestOptions().getContentFormat();
    if (format != MediaTypeRegistry.UNDEFINED && format != MediaTypeRegistry.APPLICATION_JSON
        && format != MediaTypeRegistry.TEXT_PLAIN) {
      exchange.respond(CoapReplies.error(ErrorCode.UNSUPPORTED_MEDIA, "payload must be JSON (content format 50)"));
      return;
    }
    Future<R> reply;
    try {
      reply = send.apply(request.apply(parse(exchange.getRequestText())));
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onSuccess(r -> exchange.respond(success, r.toJson().encode(), MediaTypeRegistry.APPLICATION_JSON))
        .onFailure(t -> exchange.respond(CoapReplies.failure(t)));
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
}
