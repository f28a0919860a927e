package io.nanoedge.gateway;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.AuthenticateRequest;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.Present;
import io.nanoedge.bus.ScanRequest;
import io.nanoedge.coap.CoapKeys;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.health.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * The {@code coap} role: the seed controller's CoAP resources at the device boundary, so a thesis-style
 * device (an ESP32, a Python script, {@code coap-client}) can drive the workflow with JSON over UDP.
 * Each POST is translated to the same event-bus command the JVM services use:
 * {@code /detect} (motion → opens a visit), {@code /scan} (runs a scan at a location), {@code /api}
 * (authenticates tag hashes), {@code /guide} (a door reports that a guided person arrived) and
 * {@code /meet} (asks a room to present an event).
 */
public class CoapGatewayVerticle extends RoleVerticle {
  private CoapServer server;
  private CoapEndpoint endpoint;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    Duration timeout = Duration.ofMillis(config.integer(Keys.BUS_TIMEOUT_MS));
    long scanMarginMs = config.integer(Keys.SCAN_MARGIN_MS);
    EventBus bus = vertx.eventBus();
    CoapConfig.register();
    UdpConfig.register();
    Configuration coap = Configuration.createStandardWithoutFile();
    endpoint = new CoapEndpoint.Builder().setConfiguration(coap)
        .setInetSocketAddress(new InetSocketAddress(config.string(CoapKeys.COAP_HOST), config.integer(GatewayKeys.COAP_SEED_PORT)))
        .build();
    server = new CoapServer(coap);
    server.addEndpoint(endpoint);
    server.add(
        new BusResource("detect", "motion seen: opens a visit", context, ResponseCode.CREATED,
            body -> Bus.request(bus, Addresses.DETECT, Motion.fromJson(body).toJson(), timeout)),
        new BusResource("scan", "scan for tags at a location", context, ResponseCode.CONTENT, body -> {
          ScanRequest scan = ScanRequest.fromJson(body);
          return Bus.request(bus, Addresses.bleScan(scan.location()), scan.toJson(),
              Duration.ofMillis(scan.windowMs() + scanMarginMs));
        }),
        new BusResource("api", "authenticate tag hashes", context, ResponseCode.CONTENT,
            body -> Bus.request(bus, Addresses.AUTHENTICATE, AuthenticateRequest.fromJson(body).toJson(), timeout)),
        new BusResource("guide", "a guided person arrived at a room", context, ResponseCode.CHANGED,
            body -> Bus.request(bus, Addresses.ARRIVAL, Arrival.fromJson(body).toJson(), timeout)),
        new BusResource("meet", "present an event in its room", context, ResponseCode.CHANGED, body -> {
          Present present = Present.fromJson(body);
          return Bus.request(bus, Addresses.roomPresent(present.roomLocation()), present.toJson(),
              Duration.ofMillis(config.integer(Keys.PRESENT_TIMEOUT_MS)));
        }));
    // Californium binds its socket and starts its threads synchronously.
    return vertx.executeBlocking(() -> {
      server.start();
      return null;
    }).onSuccess(v -> readiness().register("coap-seed", promise -> promise.complete(new Status()
        .setOk(endpoint.isStarted()).setData(new JsonObject().put("port", port())))));
  }

  /** The UDP port bound (useful when {@code coap.seed-port} is 0). */
  public int port() {
    return endpoint.getAddress().getPort();
  }

  @Override
  public Future<?> stop() {
    readiness().unregister("coap-seed");
    return vertx.executeBlocking(() -> {
      server.destroy();
      return null;
    });
  }
}
