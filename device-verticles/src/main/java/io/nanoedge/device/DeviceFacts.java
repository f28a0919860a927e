package io.nanoedge.device;

import io.nanoedge.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Publishes {@link Addresses#DEVICE_SEEN} facts for one device (the shell's {@code devices} lists them):
 * at start, on every activity, every {@link #HEARTBEAT_MS}, and at once when a shell that just started asks
 * ({@link Addresses#DEVICES_ANNOUNCE}), so a listener that joined late still learns of quiet devices.
 * {@code lastActivity} tells a quiet device from one that is busy.
 */
public final class DeviceFacts {
  public static final long HEARTBEAT_MS = 30_000;
  private final Vertx vertx;
  private final JsonObject identity;
  private String lastActivity;
  private long timer = -1;
  private MessageConsumer<Object> announce;

  public DeviceFacts(Vertx vertx, String node, String kind, String id, String driver, String location) {
    this.vertx = vertx;
    this.identity = new JsonObject().put("node", node).put("kind", kind).put("id", id).put("driver", driver)
        .put("location", location);
  }

  public void start() {
    publish();
    timer = vertx.setPeriodic(HEARTBEAT_MS, t -> publish());
    announce = vertx.eventBus().consumer(Addresses.DEVICES_ANNOUNCE, m -> publish());
  }

  /** The device did something (motion, scan, LED change): announce it now. */
  public void activity() {
    lastActivity = Instant.now().toString();
    publish();
  }

  private void publish() {
    JsonObject fact = identity.copy().put("at", Instant.now().toString());
    if (lastActivity != null) {
      fact.put("lastActivity", lastActivity);
    }
    vertx.eventBus().publish(Addresses.DEVICE_SEEN, fact);
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (announce != null) {
      announce.unregister();
    }
  }
}
