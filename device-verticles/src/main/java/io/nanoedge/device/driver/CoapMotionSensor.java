package io.nanoedge.device.driver;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.coap.Californium;
import io.nanoedge.coap.CoapReplies;
import io.nanoedge.coap.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * A PIR that is itself a CoAP client (an ESP32, a script): it POSTs to {@code /motion} on our port when
 * it sees movement. The payload is empty or {@code {"motion": true|false}} (false reports the output
 * going low); anything else is answered 4.00 and changes nothing.
 */
public final class CoapMotionSensor implements MotionSensor {
  private final Vertx vertx;
  private final Context owner;
  private final String host;
  private final int port;
  private CoapServer server;
  private Handler<Edge> edges;

  public CoapMotionSensor(Vertx vertx, String host, int port) {
    this.vertx = vertx;
    this.owner = vertx.getOrCreateContext();
    this.host = host;
    this.port = port;
  }

  @Override
  public String driver() {
    return "coap";
  }

  @Override
  public Future<Void> start(Handler<Edge> edges) {
    this.edges = edges;
    CoapServer coap = new CoapServer(Californium.configuration());
    coap.addEndpoint(CoapEndpoint.builder().setConfiguration(coap.getConfig())
        .setInetSocketAddress(new InetSocketAddress(host, port)).build());
    coap.add(new MotionResource());
    return vertx.executeBlocking(() -> {
      coap.start();
      return null;
    }).onSuccess(v -> server = coap).mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    CoapServer coap = server;
    server = null;
    return vertx.executeBlocking(() -> {
      coap.destroy();
      return null;
    });
  }

  /** Parses a report; null when the payload is not one. */
  static Boolean parse(byte[] payload) {
    if (payload == null || payload.length == 0) {
      return Boolean.TRUE;
    }
    try {
      JsonObject json = new JsonObject(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
      Object motion = json.getValue("motion", Boolean.TRUE);
      return json.size() <= 1 && (json.isEmpty() || json.containsKey("motion")) && motion instanceof Boolean b
          ? b : null;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** {@code /motion}; its exchanges run on the owning verticle's context. */
  private final class MotionResource extends OnContext {
    MotionResource() {
      super("motion", owner);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
      Boolean high = parse(exchange.getRequestPayload());
      if (high == null) {
        exchange.respond(CoapReplies.error(ErrorCode.BAD_REQUEST,
            "payload must be empty or a JSON object {\"motion\": true|false}"));
        return;
      }
      if (edges != null) {
        edges.handle(Edge.now(high));
        if (high) {
          edges.handle(Edge.now(false));
        }
      }
      exchange.respond(ResponseCode.CHANGED);
    }
  }
}
