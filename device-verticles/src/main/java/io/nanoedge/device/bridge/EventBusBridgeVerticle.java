package io.nanoedge.device.bridge;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.device.DeviceSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge of a device node (vertx-tcp-eventbus-bridge: 4-byte length + JSON frames), so a
 * device that is not a JVM (a Python script on a Pi, an ESP32) can publish onto the event bus. Only the
 * addresses in {@code bridge.inbound} may be sent to and those in {@code bridge.outbound} listened to;
 * a {@link Motion} body is validated before it reaches the bus. Refusals are {@code err} frames to that
 * client only. Deployed once per node by whichever device role starts first when {@code bridge.enabled}.
 */
public class EventBusBridgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridgeVerticle.class);
  private static final Map<Vertx, Future<String>> DEPLOYED = new ConcurrentHashMap<>();
  private TcpEventBusBridge bridge;

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
    BridgeOptions options = new BridgeOptions();
    settings.inbound().forEach(a -> options.addInboundPermitted(new PermittedOptions().setAddress(a)));
    settings.outbound().forEach(a -> options.addOutboundPermitted(new PermittedOptions().setAddress(a)));
    bridge = TcpEventBusBridge.create(vertx, options, new NetServerOptions(), this::check);
    return bridge.listen(settings.port(), settings.host()).onSuccess(b -> LOG.info(
        "event-bus bridge on {}:{}; inbound {}; outbound {}", settings.host(), settings.port(), settings.inbound(),
        settings.outbound()));
  }

  /** Refuses a motion whose body is not a valid {@link Motion}, so bad input never reaches the bus. */
  private void check(BridgeEvent event) {
    JsonObject frame = event.getRawMessage();
    boolean sending = event.type() == BridgeEventType.SEND || event.type() == BridgeEventType.PUBLISH;
    if (sending && frame != null && Addresses.MOTION.address().equals(frame.getString("address"))) {
      Object body = frame.getValue("body");
      try {
        Motion.fromJson(body instanceof JsonObject json ? json : new JsonObject().put("body", body));
      } catch (NanoException e) {
        // The bridge itself only answers "blocked by bridgeEvent handler"; say what was wrong first.
        event.socket().write(errFrame("invalid motion: " + e.getMessage()));
        event.complete(false);
        return;
      }
    }
    event.complete(true);
  }

  static Buffer errFrame(String message) {
    byte[] json = new JsonObject().put("type", "err").put("message", message).encode()
        .getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer().appendInt(json.length).appendBytes(json);
  }

  @Override
  public Future<?> stop() {
    DEPLOYED.remove(vertx);
    return bridge.close();
  }
}
