package io.nanoedge.device.bridge;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.DeviceCredentials;
import io.nanoedge.bus.DeviceKind;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.device.DeviceSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's connection to the TCP bridge, frame by frame (4-byte big-endian length + UTF-8 JSON, the
 * vertx-tcp-eventbus-bridge wire format). A length above {@code bridge.max-frame} closes the connection before any
 * of the frame is kept. The first frame must be a {@link BridgeLogin}; until it succeeds nothing else is honoured,
 * and a connection that has not logged in within {@code bridge.login-ms} is closed. Then the device may publish
 * only what its kind may, for its own location ({@code nanoedge.presence.motion} for a pir or door device, stamped
 * with its id), to addresses the site allows ({@code bridge.inbound}), and listen to those in
 * {@code bridge.outbound} (where {@code {location}} stands for its own). A listener that does not read what it
 * is sent is dropped. Runs on the bridge verticle's context.
 */
final class BridgeConnection {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeConnection.class);
  /** Addresses a device may send to, by kind. */
  private static final Map<String, Set<DeviceKind>> SENDERS = Map.of(Addresses.MOTION.address(),
      Set.of(DeviceKind.PIR, DeviceKind.DOOR));
  private static final int MAX_LISTENERS = 16;
  /**
   * Bytes handed to the socket and not yet written out that make a listener "not reading fast enough". Counted
   * here because over TLS {@code writeQueueFull()} stays false while Netty holds everything a client does not read
   * (measured: 32 MiB queued for a client that read nothing, BridgeBackPressureTest).
   */
  static final long MAX_UNSENT_BYTES = 1 << 20;

  private enum State { NEW, LOGGING_IN, IN, CLOSED }

  private final Vertx vertx;
  private final NetSocket socket;
  private final DeviceSettings.Bridge settings;
  private final DeviceCredentials credentials;
  private final BridgeLogin logins;
  private final Clock clock;
  private final Runnable onClose;
  private final Map<String, MessageConsumer<Object>> listeners = new HashMap<>();
  private Buffer pending = Buffer.buffer();
  private State state = State.NEW;
  /** Bytes written to the socket whose write has not completed (on the bridge verticle's context only). */
  private long unsent;
  private DeviceCredential device;
  private long loginTimer;

  BridgeConnection(Vertx vertx, NetSocket socket, DeviceSettings.Bridge settings, DeviceCredentials credentials,
      BridgeLogin logins, Clock clock, Runnable onClose) {
    this.vertx = vertx;
    this.socket = socket;
    this.settings = settings;
    this.credentials = credentials;
    this.logins = logins;
    this.clock = clock;
    this.onClose = onClose;
  }

  void start() {
    loginTimer = vertx.setTimer(settings.loginMs(), id -> {
      if (state != State.IN) {
        refuse("no login within " + settings.loginMs() + " ms");
      }
    });
    socket.handler(this::received);
    socket.closeHandler(v -> closed());
  }

  private void received(Buffer chunk) {
    if (state == State.CLOSED) {
      return;
    }
    pending.appendBuffer(chunk);
    drain();
  }

  /** Handles every whole frame received, stopping while a login is being checked. */
  private void drain() {
    while (state != State.LOGGING_IN && state != State.CLOSED && pending.length() >= 4) {
      long length = pending.getUnsignedInt(0);
      if (length > settings.maxFrame()) {
        refuse("frame of " + length + " bytes is larger than bridge.max-frame (" + settings.maxFrame() + ")");
        return;
      }
      if (pending.length() < 4 + length) {
        return;
      }
      Buffer frame = pending.getBuffer(4, 4 + (int) length);
      pending = pending.getBuffer(4 + (int) length, pending.length());
      handle(frame);
    }
  }

  private void handle(Buffer raw) {
    JsonObject frame;
    try {
      frame = new JsonObject(raw.toString(StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      if (state == State.IN) {
        write(err("frame is not a JSON object"));
      } else {
        refuse("frame is not a JSON object");
      }
      return;
    }
    String type = String.valueOf(frame.getValue("type"));
    if (state == State.NEW) {
      if (!type.equals("login")) {
        refuse("the first frame must be a login");
        return;
      }
      login(frame);
      return;
    }
    try {
      switch (type) {
        case "ping" -> write(new JsonObject().put("type", "pong"));
        case "send", "publish" -> send(frame, type.equals("publish"));
        case "register" -> register(frame);
        case "unregister" -> unregister(frame);
        case "login" -> throw NanoException.badRequest("already logged in as " + device.id());
        default -> throw NanoException.badRequest("unknown frame type '" + type + "'");
      }
    } catch (NanoException e) {
      write(err(e.getMessage()));
    }
  }

  private void login(JsonObject frame) {
    BridgeLogin.Claim claim;
    try {
      claim = BridgeLogin.Claim.from(frame);
    } catch (NanoException e) {
      refuse("login refused: " + e.getMessage());
      return;
    }
    state = State.LOGGING_IN;
    socket.pause();
    credentials.lookup(claim.identity()).onComplete(found -> {
      if (state == State.CLOSED) {
        return;
      }
      if (found.succeeded() && logins.accepts(claim, found.result(), clock.instant())) {
        device = found.result();
        state = State.IN;
        vertx.cancelTimer(loginTimer);
        write(new JsonObject().put("type", "login").put("device", device.id()).put("kind", device.kind().wire())
            .put("location", device.location()));
        socket.resume();
        drain();
      } else if (found.failed() && ErrorCode.of(found.cause()) != ErrorCode.NOT_FOUND) {
        // The API could not answer: say so, so the device retries later rather than doubting its key.
        refuse("login not possible now: " + ErrorCode.messageOf(found.cause()));
      } else {
        // One message for an unknown identity, a wrong key, an old or replayed proof: nothing to probe with.
        refuse("login refused");
      }
    });
  }

  private void send(JsonObject frame, boolean publish) {
    String address = Fields.requireString(frame, "address");
    Set<DeviceKind> kinds = SENDERS.get(address);
    if (kinds == null || !settings.inbound().contains(address)) {
      throw ErrorCode.FORBIDDEN.exception("access_denied: " + address + " is not open to bridge devices");
    }
    if (!kinds.contains(device.kind())) {
      throw ErrorCode.FORBIDDEN.exception("access_denied: device " + device.id() + " is a " + device.kind().wire()
          + " and may not send to " + address);
    }
    Object body = frame.getValue("body");
    Motion motion;
    try {
      motion = Motion.fromJson(body instanceof JsonObject json ? json : new JsonObject().put("body", body));
    } catch (NanoException e) {
      throw NanoException.badRequest("invalid motion: " + e.getMessage());
    }
    if (!motion.location().equals(device.location())) {
      throw ErrorCode.FORBIDDEN.exception("access_denied: device " + device.id() + " acts only for its own location "
          + device.location() + ", not " + motion.location());
    }
    Motion stamped = new Motion(motion.location(), motion.at(), "device:" + device.id());
    EventBus bus = vertx.eventBus();
    if (publish) {
      bus.publish(address, stamped.toJson());
    } else {
      bus.send(address, stamped.toJson());
    }
  }

  private void register(JsonObject frame) {
    String address = Fields.requireString(frame, "address");
    if (!outboundAllowed(address)) {
      throw ErrorCode.FORBIDDEN.exception("access_denied: " + address + " may not be listened to by " + device.id());
    }
    if (listeners.containsKey(address)) {
      return;
    }
    if (listeners.size() >= MAX_LISTENERS) {
      throw NanoException.badRequest("at most " + MAX_LISTENERS + " addresses per connection");
    }
    listeners.put(address, vertx.eventBus().consumer(address, message -> {
      if (socket.writeQueueFull() || unsent > MAX_UNSENT_BYTES) {
        // A reader that does not keep up would make the node hold everything for it: drop it instead.
        refuse("dropped: not reading fast enough");
        return;
      }
      write(new JsonObject().put("type", "message").put("address", address).put("body", message.body()));
    }));
  }

  private void unregister(JsonObject frame) {
    MessageConsumer<Object> listener = listeners.remove(Fields.requireString(frame, "address"));
    if (listener != null) {
      listener.unregister();
    }
  }

  private boolean outboundAllowed(String address) {
    for (String allowed : settings.outbound()) {
      if (allowed.replace("{location}", device.location()).equals(address)) {
        return true;
      }
    }
    return false;
  }

  private static JsonObject err(String message) {
    return new JsonObject().put("type", "err").put("message", message);
  }

  private void write(JsonObject frame) {
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    int size = json.length + 4;
    unsent += size;
    socket.write(Buffer.buffer(size).appendInt(json.length).appendBytes(json)).onComplete(ar -> unsent -= size);
  }

  /** Tells the device why, then closes the connection; nothing it sent after that is read. */
  private void refuse(String why) {
    if (state == State.CLOSED) {
      return;
    }
    LOG.info("bridge connection from {} closed: {}", socket.remoteAddress(), why);
    write(err(why));
    closed();
    socket.close();
  }

  private void closed() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    pending = Buffer.buffer();
    vertx.cancelTimer(loginTimer);
    listeners.values().forEach(MessageConsumer::unregister);
    listeners.clear();
    onClose.run();
  }
}
