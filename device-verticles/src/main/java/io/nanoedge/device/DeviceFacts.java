package io.nanoedge.device;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.DeviceSeen;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
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
  private final String node;
  private final String kind;
  private final String id;
  private final String driver;
  private final String location;
  private String lastActivity;
  private long timer = -1;
  private MessageConsumer<Object> announce;

  public DeviceFacts(Vertx vertx, String node, String kind, String id, String driver, String location) {
    this.vertx = vertx;
    this.node = node;
    this.kind = kind;
    this.id = id;
    this.driver = driver;
    this.location = location;
  }

  public void start() {
    publish();
    timer = vertx.setPeriodic(HEARTBEAT_MS, t -> publish());
    announce = Bus.subscribe(vertx.eventBus(), Addresses.DEVICES_ANNOUNCE, nothing -> publish());
  }

  /** The device did something (motion, scan, LED change): announce it now. */
  public void activity() {
    lastActivity = Instant.now().toString();
    publish();
  }

  private void publish() {
    Bus.publish(vertx.eventBus(), Addresses.DEVICE_SEEN, new DeviceSeen(node, kind, id, driver, location,
        Instant.now().toString(), lastActivity));
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
