package io.nanoedge.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A device front's view of the registered devices: a credential is asked of the API over the bus
 * ({@link Addresses#DEVICE_CREDENTIAL}) once and kept for a while, so a device's DTLS handshakes and bridge logins do
 * not each cost a database read; {@link Addresses#DEVICES_CHANGED} drops a rotated or revoked device at once.
 * Unknown identities are remembered briefly too, so an outsider trying random identities cannot turn every
 * handshake into a database query. Bounded in size (least recently used goes). Use it from one Vert.x context.
 */
public final class DeviceCredentials {
  /** Unknown identities are remembered no longer than this, so a device registered a moment ago is not kept out. */
  static final Duration UNKNOWN_FOR = Duration.ofSeconds(5);
  private final EventBus bus;
  private final long ttlNanos;
  private final Duration timeout;
  private final LongSupplier clock;
  private final int maxEntries;
  private final Map<String, Entry> cache;
  private final Map<String, Future<DeviceCredential>> pending = new HashMap<>();
  private MessageConsumer<Object> changes;

  private record Entry(DeviceCredential credential, NanoException refusal, long until) {
  }

  /**
   * @param ttl how long a credential is used before it is asked again (0: always ask)
   * @param timeout how long the API may take to answer
   */
  public DeviceCredentials(EventBus bus, Duration ttl, Duration timeout, int maxEntries, LongSupplier clock) {
    this.bus = bus;
    this.ttlNanos = ttl.toNanos();
    this.timeout = timeout;
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > DeviceCredentials.this.maxEntries;
      }
    };
  }

  public DeviceCredentials(EventBus bus, Duration ttl, Duration timeout) {
    this(bus, ttl, timeout, 10_000, System::nanoTime);
  }

  /** Starts listening for rotations and revocations; the future completes once the listener is registered. */
  public Future<Void> start() {
    changes = Bus.subscribe(bus, Addresses.DEVICES_CHANGED, changed -> forget(changed.id()));
    return changes.completion();
  }

  public Future<Void> stop() {
    return changes == null ? Future.succeededFuture() : changes.unregister();
  }

  /**
   * The credential of the device whose identity is {@code identity}: a 404 failure when the API knows no such
   * active device, 503/504 when the API cannot answer (not remembered: the next handshake asks again).
   */
  public Future<DeviceCredential> lookup(String identity) {
    long now = clock.getAsLong();
    Entry entry = cache.get(identity);
    if (entry != null && now - entry.until() < 0) {
      return entry.credential() != null ? Future.succeededFuture(entry.credential())
          : Future.failedFuture(entry.refusal());
    }
    if (entry != null) {
      cache.remove(identity);
    }
    Future<DeviceCredential> asked = pending.get(identity);
    if (asked != null) {
      return asked;
    }
    Future<DeviceCredential> query = Bus.request(bus, Addresses.DEVICE_CREDENTIAL,
        new DeviceCredential.Query(identity), timeout);
    pending.put(identity, query);
    return query.andThen(done -> {
      pending.remove(identity);
      long at = clock.getAsLong();
      if (done.succeeded() && ttlNanos > 0) {
        cache.put(identity, new Entry(done.result(), null, at + ttlNanos));
      } else if (done.cause() instanceof NanoException refused && refused.code() == ErrorCode.NOT_FOUND
          && ttlNanos > 0) {
        cache.put(identity, new Entry(null, refused, at + Math.min(ttlNanos, UNKNOWN_FOR.toNanos())));
      }
    });
  }

  /** Drops what is kept for {@code id} (rotated, revoked or registered since). */
  public void forget(String id) {
    cache.remove(id);
  }
}
