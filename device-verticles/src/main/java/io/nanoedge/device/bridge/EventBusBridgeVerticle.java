package io.nanoedge.device.bridge;

import io.nanoedge.bus.DeviceCredentials;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.device.DeviceSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge of a device node, so a device that is not a JVM (a Python script on a Pi, an ESP32) can
 * publish onto the event bus: the vertx-tcp-eventbus-bridge wire format (4-byte length + JSON frames) over TLS,
 * where every connection first logs in as a registered device and then acts only as its kind allows, for its own
 * location ({@link BridgeConnection}). Limits before work: frame size, login time, idle time, connection count.
 * Deployed once per node by whichever device role starts first when {@code bridge.enabled}.
 */
public class EventBusBridgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridgeVerticle.class);
  private static final Map<Vertx, Future<String>> DEPLOYED = new ConcurrentHashMap<>();
  private NetServer server;
  private DeviceCredentials credentials;
  private int connections;

  /** Deploys the bridge on this node when {@code bridge.enabled}, once however many device roles ask. */
  public static Future<Void> deployIfEnabled(Vertx vertx, NanoConfig config) {
    if (!DeviceSettings.Bridge.from(config).enabled()) {
      return Future.succeededFuture();
    }
    return DEPLOYED.computeIfAbsent(vertx, v -> v.deployVerticle(new EventBusBridgeVerticle(),
            new DeploymentOptions().setConfig(config.toJson()))
        .onFailure(t -> DEPLOYED.remove(v))).mapEmpty();
  }

  @Override
  public Future<?> start() {
    DeviceSettings.Bridge settings = DeviceSettings.Bridge.from(NanoConfig.fromJson(config()));
    credentials = new DeviceCredentials(vertx.eventBus(), settings.credentialTtl(), settings.busTimeout());
    BridgeLogin logins = new BridgeLogin();
    NetServerOptions options = new NetServerOptions().setHost(settings.host()).setPort(settings.port())
        .setIdleTimeout(settings.idleMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (settings.plain()) {
      LOG.warn("bridge.plain is true: the event-bus bridge on {}:{} runs without TLS; device logins cannot be "
          + "replayed, but what they send can be read and altered on the way", settings.host(), settings.port());
    } else {
      // A connection is counted once its handshake is done, so an unfinished handshake gets the login time only.
      options.setSsl(true).setSslHandshakeTimeout(settings.loginMs()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.tlsCertFile())
          .setKeyPath(settings.tlsKeyFile()));
    }
    server = vertx.createNetServer(options).connectHandler(socket -> accept(socket, settings, logins));
    return credentials.start().compose(v -> server.listen()).onSuccess(s -> LOG.info(
        "event-bus bridge on {}:{} ({}); inbound {}; outbound {}", settings.host(), server.actualPort(),
        settings.plain() ? "plain TCP" : "TLS", settings.inbound(), settings.outbound()));
  }

  private void accept(NetSocket socket, DeviceSettings.Bridge settings, BridgeLogin logins) {
    if (connections >= settings.maxConnections()) {
      socket.close();
      return;
    }
    connections++;
    new BridgeConnection(vertx, socket, settings, credentials, logins, Clock.systemUTC(), () -> connections--)
        .start();
  }

  /** The TCP port bound (useful when {@code bridge.port} is 0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    DEPLOYED.remove(vertx);
    return server.close().compose(v -> credentials.stop());
  }
}
