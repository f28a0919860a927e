package io.nanoedge.gateway;

import io.nanoedge.bus.BusMessage;
import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.coap.CoapReplies;
import io.nanoedge.coap.DeviceDtls;
import io.nanoedge.coap.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * One gateway resource: a POST with a JSON payload from a device allowed to act at the payload's location becomes
 * one event-bus command, and its reply (or failure, as its CoAP code) goes back as JSON. The resources differ only
 * in the request type, who may send it and where it goes, so they are instances of this one class. Exchanges run
 * on the verticle's context ({@link OnContext}).
 */
final class BusResource<Q extends BusMessage, R extends BusMessage> extends OnContext {
  private final SeedAccess access;
  private final ResponseCode success;
  private final Function<JsonObject, Q> request;
  private final Function<Q, String> location;
  private final BiFunction<Q, DeviceCredential, Q> stamp;
  private final Function<Q, Future<R>> send;

  /**
   * @param request decodes the payload, failing with a 400 that names the bad field
   * @param location the location the request acts at, which must be the device's own
   * @param stamp marks the request with the device that sent it (null for plain CoAP)
   * @param send sends the command; its reply is the response payload
   */
  BusResource(SeedAccess access, String title, Context context, ResponseCode success,
      Function<JsonObject, Q> request, Function<Q, String> location, BiFunction<Q, DeviceCredential, Q> stamp,
      Function<Q, Future<R>> send) {
    super(access.path().substring(1), context);
    getAttributes().setTitle(title);
    this.access = access;
    this.success = success;
    this.request = request;
    this.location = location;
    this.stamp = stamp;
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
    DeviceCredential device = DeviceDtls.device(exchange.advanced().getRequest());
    Future<R> reply;
    try {
      Q command = request.apply(parse(exchange.getRequestText()));
      access.check(device, location.apply(command));
      reply = send.apply(stamp.apply(command, device));
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
