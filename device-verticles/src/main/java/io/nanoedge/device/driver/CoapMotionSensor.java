package io.nanoedge.device.driver;

import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.DeviceCredentials;
import io.nanoedge.bus.DeviceKind;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.coap.Californium;
import io.nanoedge.coap.CoapReplies;
import io.nanoedge.coap.DeviceDtls;
import io.nanoedge.coap.DevicePskStore;
import io.nanoedge.coap.OnContext;
import io.nanoedge.device.DeviceSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PIR that is itself a CoAP client (an ESP32, a script): it POSTs to {@code /motion} on our port when it sees
 * movement, over DTLS as a device registered at this sensor's location (a {@code pir}, or a {@code door} at a room);
 * any other device is answered 4.03 and an unknown one never completes its handshake. Plain CoAP, with no check of
 * who is talking, only where the site set {@code coap.device-plain}. The payload is empty or
 * {@code {"motion": true|false}} (false reports the output going low); anything else is answered 4.00 and changes
 * nothing.
 */
public final class CoapMotionSensor implements MotionSensor {
  private static final Logger LOG = LoggerFactory.getLogger(CoapMotionSensor.class);
  private static final Set<DeviceKind> KINDS = Set.of(DeviceKind.PIR, DeviceKind.DOOR);
  private final Vertx vertx;
  private final Context owner;
  private final int port;
  private final String location;
  private final DeviceSettings.CoapDevices coap;
  private CoapServer server;
  private DeviceCredentials credentials;
  private Handler<Edge> edges;

  public CoapMotionSensor(Vertx vertx, int port, String location, DeviceSettings.CoapDevices coap) {
    this.vertx = vertx;
    this.owner = vertx.getOrCreateContext();
    this.port = port;
    this.location = location;
    this.coap = coap;
  }

  @Override
  public String driver() {
    return "coap";
  }

  @Override
  public Future<Void> start(Handler<Edge> edges) {
    this.edges = edges;
    InetSocketAddress address = new InetSocketAddress(coap.host(), port);
    CoapEndpoint endpoint;
    Configuration config;
    if (coap.plain()) {
      LOG.warn("coap.device-plain is true: the CoAP PIR on UDP {} is plain CoAP, so anyone on that network can "
          + "report motion at {}", port, location);
      config = DeviceDtls.configuration(coap.plainLimits());
      endpoint = Californium.endpoint(config).setInetSocketAddress(address).build();
    } else {
      credentials = new DeviceCredentials(vertx.eventBus(), coap.credentialTtl(), coap.busTimeout());
      config = DeviceDtls.configuration(coap.secureLimits());
      endpoint = Californium.endpoint(config).setConnector(DeviceDtls.server(config, address,
          new DevicePskStore(credentials::lookup, owner))).build();
    }
    CoapServer coapServer = new CoapServer(config);
    coapServer.addEndpoint(endpoint);
    coapServer.add(new MotionResource());
    Future<Void> listening = credentials == null ? Future.succeededFuture() : credentials.start();
    return listening.compose(v -> vertx.executeBlocking(() -> {
      coapServer.start();
      return null;
    })).onSuccess(v -> server = coapServer).mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    Future<Void> forgotten = credentials == null ? Future.succeededFuture() : credentials.stop();
    if (server == null) {
      return forgotten;
    }
    CoapServer coapServer = server;
    server = null;
    return forgotten.compose(v -> vertx.executeBlocking(() -> {
      coapServer.destroy();
      return null;
    }));
  }

  /** Parses a report; null when the payload is not one. */
  static Boolean parse(byte[] payload) {
    if (payload == null || payload.length == 0) {
      return Boolean.TRUE;
    }
    try {
      JsonObject json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
      Object motion = json.getValue("motion", Boolean.TRUE);
      return json.size() <= 1 && (json.isEmpty() || json.containsKey("motion")) && motion instanceof Boolean b
          ? b : null;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** Why {@code device} may not report motion here; null when it may (or when plain CoAP is allowed). */
  String refusal(DeviceCredential device) {
    if (device == null) {
      return coap.plain() ? null : "a registered device credential is required";
    }
    if (!KINDS.contains(device.kind())) {
      return "device " + device.id() + " is a " + device.kind().wire() + "; /motion is for pir or door devices";
    }
    if (!device.location().equals(location)) {
      return "device " + device.id() + " acts only for its own location " + device.location() + ", not "
          + location;
    }
    return null;
  }

  /** {@code /motion}; its exchanges run on the owning verticle's context. */
  private final class MotionResource extends OnContext {
    MotionResource() {
      super("motion", owner);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
      String refused = refusal(DeviceDtls.device(exchange.advanced().getRequest()));
      if (refused != null) {
        exchange.respond(CoapReplies.error(ErrorCode.FORBIDDEN, refused));
        return;
      }
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
