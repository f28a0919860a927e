package io.nanoedge.controller;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's state maps on a single node, kept in a directory so they survive a restart: one small file per
 * entry, replaced atomically (written aside, synced, renamed), so a crash leaves the old or the new entry, never
 * half of one. Reads are served from memory; a write completes once it is on disk, which is what the controller's
 * write-ahead needs (a visit and its status records are saved before any record is sent, and removed only once all
 * are stored). In a cluster the Hazelcast maps with their backups play this part instead.
 * Used on one verticle's context: file work runs on the worker pool, in order.
 */
final class JournalMap implements AsyncMap<String, String> {
  private static final Logger LOG = LoggerFactory.getLogger(JournalMap.class);
  private static final String SUFFIX = ".json";

  private final Vertx vertx;
  private final Path dir;
  private final Map<String, Entry> entries;

  private record Entry(String value, long expiresAt) {
    boolean live(long now) {
      return expiresAt == 0 || expiresAt > now;
    }

    JsonObject toJson(String key) {
      return new JsonObject().put("key", key).put("value", value).put("expiresAt", expiresAt);
    }
  }

  private JournalMap(Vertx vertx, Path dir, Map<String, Entry> entries) {
    this.vertx = vertx;
    this.dir = dir;
    this.entries = entries;
  }

  /** Opens (or creates) the journal in {@code dir} and reads what it holds. */
  static Future<JournalMap> open(Vertx vertx, Path dir) {
    return vertx.executeBlocking(() -> new JournalMap(vertx, dir, load(dir)));
  }

  private static Map<String, Entry> load(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Entry> loaded = new HashMap<>();
    long now = System.currentTimeMillis();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
        try {
          JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
          Entry entry = new Entry(Objects.requireNonNull(json.getString("value")), json.getLong("expiresAt", 0L));
          if (entry.live(now)) {
            loaded.put(json.getString("key"), entry);
          } else {
            Files.deleteIfExists(file);
          }
        } catch (DecodeException | NullPointerException | ClassCastException e) {
          // Not written by this class (writes are atomic): keep it for a person to look at, out of the way.
          Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
          Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
          LOG.error("controller journal: {} is unreadable ({}); moved to {}", file, e.getMessage(), aside);
        }
      }
    }
    return loaded;
  }

  private Path file(String key) {
    return dir.resolve(URLEncoder.encode(key, StandardCharsets.UTF_8) + SUFFIX);
  }

  private Future<Void> write(String key, Entry entry) {
    entries.put(key, entry);
    String content = entry.toJson(key).encode();
    return vertx.executeBlocking(() -> {
      Path target = file(key);
      Path aside = dir.resolve("." + target.getFileName() + ".tmp");
      try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        out.force(true);
      }
      Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory();
      return null;
    });
  }

  private Future<Void> delete(String key) {
    entries.remove(key);
    return vertx.executeBlocking(() -> {
      Files.deleteIfExists(file(key));
      syncDirectory();
      return null;
    });
  }

  /** A rename or delete is durable only once the directory itself is synced. */
  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String live(String key) {
    Entry e = entries.get(key);
    return e != null && e.live(System.currentTimeMillis()) ? e.value() : null;
  }

  private static long expiry(long ttl) {
    return ttl <= 0 ? 0 : System.currentTimeMillis() + ttl;
  }

  @Override
  public Future<String> get(String key) {
    return Future.succeededFuture(live(key));
  }

  @Override
  public Future<Void> put(String key, String value) {
    return write(key, new Entry(value, 0));
  }

  @Override
  public Future<Void> put(String key, String value, long ttl) {
    return write(key, new Entry(value, expiry(ttl)));
  }

  @Override
  public Future<String> putIfAbsent(String key, String value) {
    return putIfAbsent(key, value, 0);
  }

  @Override
  public Future<String> putIfAbsent(String key, String value, long ttl) {
    String old = live(key);
    return old != null ? Future.succeededFuture(old) : write(key, new Entry(value, expiry(ttl))).map(v -> null);
  }

  @Override
  public Future<String> remove(String key) {
    String old = live(key);
    return delete(key).map(v -> old);
  }

  @Override
  public Future<Boolean> removeIfPresent(String key, String value) {
    return value.equals(live(key)) ? delete(key).map(v -> true) : Future.succeededFuture(false);
  }

  @Override
  public Future<String> replace(String key, String value) {
    String old = live(key);
    return old == null ? Future.succeededFuture(null) : write(key, new Entry(value, 0)).map(v -> old);
  }

  @Override
  public Future<Boolean> replaceIfPresent(String key, String oldValue, String newValue) {
    return oldValue.equals(live(key)) ? write(key, new Entry(newValue, 0)).map(v -> true)
        : Future.succeededFuture(false);
  }

  @Override
  public Future<Void> clear() {
    List<String> keys = List.copyOf(entries.keySet());
    return Future.all(keys.stream().map(this::delete).toList()).mapEmpty();
  }

  @Override
  public Future<Integer> size() {
    return keys().map(Set::size);
  }

  @Override
  public Future<Set<String>> keys() {
    return entries().map(all -> new HashSet<>(all.keySet()));
  }

  @Override
  public Future<List<String>> values() {
    return entries().map(all -> List.copyOf(all.values()));
  }

  @Override
  public Future<Map<String, String>> entries() {
    long now = System.currentTimeMillis();
    Map<String, String> out = new HashMap<>();
    entries.forEach((k, e) -> {
      if (e.live(now)) {
        out.put(k, e.value());
      }
    });
    return Future.succeededFuture(out);
  }
}
