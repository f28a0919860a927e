package io.nanoedge.api.console;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts failed sign-ins per username and per client address in fixed windows and refuses more attempts once a
 * count reaches its limit, until its window ends. Per username stops guessing one account's password from many
 * addresses; per address stops one client spraying many usernames. Kept in memory on each API node (a node
 * restart forgets the counts; with several API nodes each counts alone) and bounded: at most {@link #MAX_KEYS}
 * keys, the least recently used dropped first — filling the map takes many addresses, each itself limited.
 */
public final class SignInThrottle {
  static final int MAX_KEYS = 10_000;

  private final int accountLimit;
  private final int addressLimit;
  private final long windowMs;
  private final LongSupplier clock;
  private final Map<String, long[]> failures = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > MAX_KEYS;
    }
  };

  /** @param clock milliseconds, injected so tests need no sleeps */
  public SignInThrottle(int accountLimit, int addressLimit, Duration window, LongSupplier clock) {
    this.accountLimit = accountLimit;
    this.addressLimit = addressLimit;
    this.windowMs = window.toMillis();
    this.clock = clock;
  }

  /** 0 when this username from this address may try now; else the seconds until it may (for Retry-After). */
  public synchronized long retryAfterSeconds(String username, String address) {
    long now = clock.getAsLong();
    long wait = Math.max(waitMs(key("u", username), accountLimit, now), waitMs(key("a", address), addressLimit, now));
    return wait == 0 ? 0 : (wait + 999) / 1000;
  }

  /** 0 when this address may try now (checked before the body, so before the username is known). */
  public synchronized long addressRetryAfterSeconds(String address) {
    long wait = waitMs(key("a", address), addressLimit, clock.getAsLong());
    return wait == 0 ? 0 : (wait + 999) / 1000;
  }

  public synchronized void failed(String username, String address) {
    long now = clock.getAsLong();
    count(key("u", username), now);
    count(key("a", address), now);
    purgeExpired(now);
  }

  /** A right password clears the username's count; the address keeps its failures (it may be guessing others). */
  public synchronized void succeeded(String username) {
    failures.remove(key("u", username));
  }

  private long waitMs(String key, int limit, long now) {
    long[] entry = failures.get(key);
    if (entry == null || now >= entry[0] + windowMs || entry[1] < limit) {
      return 0;
    }
    return entry[0] + windowMs - now;
  }

  private void count(String key, long now) {
    long[] entry = failures.get(key);
    if (entry == null || now >= entry[0] + windowMs) {
      failures.put(key, new long[] {now, 1});
    } else {
      entry[1]++;
    }
  }

  private void purgeExpired(long now) {
    // Access order: the eldest are the least recently used; stopping at the first live one is enough to bound it.
    for (Iterator<long[]> it = failures.values().iterator(); it.hasNext(); ) {
      if (now < it.next()[0] + windowMs) {
        return;
      }
      it.remove();
    }
  }

  private static String key(String kind, String value) {
    return kind + ":" + value.toLowerCase(java.util.Locale.ROOT);
  }
}
