package io.nanoedge.gateway;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.AuthenticateRequest;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.Present;
import io.nanoedge.bus.ScanRequest;
import io.nanoedge.coap.Californium;
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
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;

/**
 * The {@code coap} role: a CoAP gateway onto the event bus at the device boundary (the seed controller's
 * resources), so a thesis-style device (an ESP32, a Python script, {@code coap-client}) can drive the workflow
 * with JSON over UDP.
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
    GatewaySettings settings = GatewaySettings.from(NanoConfig.fromJson(config()));
    EventBus bus = vertx.eventBus();
    Configuration coap = Californium.configuration();
    endpoint = new CoapEndpoint.Builder().setConfiguration(coap)
        .setInetSocketAddress(new InetSocketAddress(settings.host(), settings.port())).build();
    server = new CoapServer(coap);
    server.addEndpoint(endpoint);
    server.add(
        new BusResource<>("detect", "motion seen: opens a visit", context, ResponseCode.CREATED, Motion::fromJson,
            motion -> Bus.request(bus, Addresses.DETECT, motion, settings.busTimeout())),
        new BusResource<>("scan", "scan for tags at a location", context, ResponseCode.CONTENT, ScanRequest::fromJson,
            scan -> Bus.request(bus, Addresses.BLE_SCAN.at(scan.location()), scan,
                Duration.ofMillis(scan.windowMs()).plus(settings.scanMargin()))),
        new BusResource<>("api", "authenticate tag hashes", context, ResponseCode.CONTENT,
            AuthenticateRequest::fromJson,
            request -> Bus.request(bus, Addresses.AUTHENTICATE, request, settings.busTimeout())),
        new BusResource<>("guide", "a guided person arrived at a room", context, ResponseCode.CHANGED,
            Arrival::fromJson, arrival -> Bus.request(bus, Addresses.ARRIVAL, arrival, settings.busTimeout())),
        new BusResource<>("meet", "present an event in its room", context, ResponseCode.CHANGED, Present::fromJson,
            present -> Bus.request(bus, Addresses.ROOM_PRESENT.at(present.roomLocation()), present,
                settings.presentTimeout())));
    // Californium binds its socket and starts its threads synchronously.
    return vertx.executeBlocking(() -> {
      server.start();
      return null;
    }).onSuccess(v -> readiness().register("coap-gateway", promise -> promise.complete(new Status()
        .setOk(endpoint.isStarted()).setData(new JsonObject().put("port", port())))));
  }

  /** The UDP port bound (useful when {@code coap.seed-port} is 0). */
  public int port() {
    return endpoint.getAddress().getPort();
  }

  @Override
  public Future<?> stop() {
    readiness().unregister("coap-gateway");
    return vertx.executeBlocking(() -> {
      server.destroy();
      return null;
    });
  }
}
