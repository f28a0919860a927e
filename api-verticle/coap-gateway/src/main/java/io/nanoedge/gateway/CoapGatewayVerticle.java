package io.nanoedge.gateway;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.AuthenticateRequest;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.DeviceCredentials;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.ScanRequest;
import io.nanoedge.coap.Californium;
import io.nanoedge.coap.DevicePskStore;
import io.nanoedge.coap.DeviceDtls;
import io.nanoedge.config.ConfigException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code coap} role: the seed controller's CoAP resources as a gateway onto the event bus at the device
 * boundary, so a thesis-style device (an ESP32, a Python script, {@code coap-client}) can drive the workflow with
 * JSON. Devices speak DTLS with their own registered credential (PSK identity = device id) and act only for their
 * own kind and location ({@link SeedAccess}); plain CoAP exists only when {@code coap.device-plain} says so.
 * Each POST is translated to the same event-bus command the JVM services use:
 * {@code /detect} (motion → opens a visit), {@code /scan} (runs a scan at a location), {@code /api}
 * (authenticates tag hashes) and {@code /guide} (a door reports that a guided person arrived); {@code /meet} is
 * refused, since presenting is the controller's decision only.
 */
public class CoapGatewayVerticle extends RoleVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(CoapGatewayVerticle.class);
  private CoapServer server;
  private CoapEndpoint secure;
  private CoapEndpoint plain;
  private DeviceCredentials credentials;

  @Override
  public Future<?> start() {
    GatewaySettings settings = GatewaySettings.from(NanoConfig.fromJson(config()));
    EventBus bus = vertx.eventBus();
    credentials = new DeviceCredentials(bus, settings.credentialTtl(), settings.busTimeout());
    DevicePskStore keys = new DevicePskStore(credentials::lookup, context);
    Configuration dtls = DeviceDtls.configuration(settings.secureLimits());
    secure = Californium.endpoint(dtls).setConnector(DeviceDtls.server(dtls,
        new InetSocketAddress(settings.host(), settings.securePort()), keys)).build();
    server = new CoapServer(dtls);
    server.addEndpoint(secure);
    if (settings.plain()) {
      LOG.warn("coap.device-plain is true: the seed resources also answer plain CoAP on UDP {} with no device "
          + "credential and for any location; anyone on that network can open visits and report arrivals",
          settings.plainPort());
      Configuration open = DeviceDtls.configuration(settings.plainLimits());
      plain = Californium.endpoint(open)
          .setInetSocketAddress(new InetSocketAddress(settings.host(), settings.plainPort())).build();
      server.addEndpoint(plain);
    }
    server.add(
        new BusResource<>(SeedAccess.DETECT, "motion seen: opens a visit", context, ResponseCode.CREATED,
            Motion::fromJson, Motion::location,
            (motion, device) -> device == null ? motion
                : new Motion(motion.location(), motion.at(), "device:" + device.id()),
            motion -> Bus.request(bus, Addresses.DETECT, motion, settings.busTimeout())),
        new BusResource<>(SeedAccess.SCAN, "scan for tags at a location", context, ResponseCode.CONTENT,
            ScanRequest::fromJson, ScanRequest::location, (scan, device) -> scan,
            scan -> Bus.request(bus, Addresses.BLE_SCAN.at(scan.location()), scan,
                Duration.ofMillis(scan.windowMs()).plus(settings.scanMargin()))),
        new BusResource<>(SeedAccess.API, "authenticate tag hashes", context, ResponseCode.CONTENT,
            AuthenticateRequest::fromJson, AuthenticateRequest::location, (request, device) -> request,
            request -> Bus.request(bus, Addresses.AUTHENTICATE, request, settings.busTimeout())),
        new BusResource<>(SeedAccess.GUIDE, "a guided person arrived at a room", context, ResponseCode.CHANGED,
            Arrival::fromJson, Arrival::location, (arrival, device) -> arrival,
            arrival -> Bus.request(bus, Addresses.ARRIVAL, arrival, settings.busTimeout())),
        new RefusedResource("meet", "a room presents only when the controller decides that a participant of its "
            + "booked event arrived", context));
    // Californium binds its sockets and starts its threads synchronously.
    // Californium logs an endpoint it cannot bind and starts the others: a gateway without its port would deploy
    // and stay DOWN with no reason given, so that is a failed start naming the key.
    return credentials.start().compose(v -> vertx.executeBlocking(() -> {
      IllegalStateException noneStarted = null;
      try {
        server.start();
      } catch (IllegalStateException e) {
        noneStarted = e;
      }
      unbound(secure, "coaps.seed-port", settings.host(), settings.securePort());
      unbound(plain, "coap.seed-port", settings.host(), settings.plainPort());
      if (noneStarted != null) {
        throw noneStarted;
      }
      return null;
    })).onFailure(e -> server.destroy()).onSuccess(v -> readiness().register("coap-gateway", promise -> promise
        .complete(new Status()
        .setOk(secure.isStarted() && (plain == null || plain.isStarted()))
        .setData(new JsonObject().put("securePort", securePort()).put("plainPort", plainPort())))));
  }

  private static void unbound(CoapEndpoint endpoint, String key, String host, int port) {
    if (endpoint != null && !endpoint.isStarted()) {
      throw new ConfigException("configuration key '" + key + "': cannot listen on UDP " + host + ":" + port
          + " (in use by another process?)");
    }
  }

  /** The DTLS port bound (useful when {@code coaps.seed-port} is 0). */
  public int securePort() {
    return secure.getAddress().getPort();
  }

  /** The plain CoAP port bound, or -1 when plain CoAP is off. */
  public int plainPort() {
    return plain == null ? -1 : plain.getAddress().getPort();
  }

  @Override
  public Future<?> stop() {
    readiness().unregister("coap-gateway");
    return vertx.executeBlocking(() -> {
      server.destroy();
      return null;
    }).compose(v -> credentials.stop());
  }
}
