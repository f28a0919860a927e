package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.Backup;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup of every table, taken before the api role is undeployed: one JSON array per table in a new
 * directory under {@code backup.dir}, rows as the database holds them (column names of the schema, times as
 * ISO-8601 UTC, document bytes in base64). All tables are read in one transaction, so the files are one
 * consistent snapshot; {@code backup.json} is written last and marks the directory complete, with the number of
 * zero dates found per column (kept as null: see {@link #read}).
 */
public final class BackupService {
  private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
  /** Parents before children, the order a restore inserts them in. */
  public static final List<String> TABLES = List.of("schema_version", "persons", "rooms", "room_entrances", "tags",
      "events", "event_participants", "event_documents", "visits", "journeys", "status_log", "devices");
  /** Binary columns are written in base64; every other byte column is UTF-8 text. */
  private static final Set<String> BINARY = Set.of("event_documents.data");
  private static final int MAX_REASON = 500;
  private static final Set<String> TIME_TYPES = Set.of("datetime", "timestamp", "date");

  private final Vertx vertx;
  private final Database db;
  private final String root;
  private final Duration retention;

  public BackupService(Vertx vertx, Database db, String root, Duration retention) {
    this.vertx = vertx;
    this.db = db;
    this.root = root;
    this.retention = retention;
  }

  /** Writes a backup; 503 when the database is down, 500 when the files cannot be written. */
  public Future<Backup> backup(Backup.Request request) {
    String reason = request.reason();
    String why = reason == null ? "" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // Reading first: with the database down nothing is written, not even an empty directory.
    Snapshot snapshot = new Snapshot();
    return db.transaction(sql -> read(sql, snapshot)).compose(tables -> write(at, why, tables, snapshot));
  }

  /** What one backup read: the time columns of each table, and the zero dates found in them. */
  private static final class Snapshot {
    final Map<String, Set<String>> timeColumns = new HashMap<>();
    final Map<String, Integer> zeroDates = new TreeMap<>();
  }

  /**
   * Reads every table. Time columns are read as text: an older version could store an out-of-range time as a zero
   * date ('0000-00-00'), which the client cannot turn into a time, and a backup must not fail on the very rows it
   * is asked to keep.
   */
  private Future<Map<String, JsonArray>> read(SqlConnection sql, Snapshot snapshot) {
    Map<String, JsonArray> tables = new LinkedHashMap<>();
    Map<String, List<String>> columns = new HashMap<>();
    Future<Void> chain = sql.query("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS "
        + "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION").execute().map(rows -> {
          for (Row row : rows) {
            String table = row.getString(0);
            String column = row.getString(1);
            boolean time = TIME_TYPES.contains(row.getString(2).toLowerCase(Locale.ROOT));
            columns.computeIfAbsent(table, t -> new ArrayList<>())
                .add(time ? "CAST(`" + column + "` AS CHAR) AS `" + column + "`" : "`" + column + "`");
            if (time) {
              snapshot.timeColumns.computeIfAbsent(table, t -> new HashSet<>()).add(column);
            }
          }
          return null;
        });
    for (String table : TABLES) {
      chain = chain.compose(v -> sql.query("SELECT " + String.join(", ", columns.getOrDefault(table, List.of("*")))
          + " FROM " + table).execute().map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(row -> out.add(json(table, row, snapshot)));
            tables.put(table, out);
            return null;
          }));
    }
    return chain.map(v -> tables);
  }

  private static JsonObject json(String table, Row row, Snapshot snapshot) {
    JsonObject out = new JsonObject();
    Set<String> times = snapshot.timeColumns.getOrDefault(table, Set.of());
    for (int i = 0; i < row.size(); i++) {
      String column = row.getColumnName(i);
      Object value = row.getValue(i);
      if (value != null && times.contains(column)) {
        value = time(value.toString());
        if (value == null) {
          snapshot.zeroDates.merge(table + "." + column, 1, Integer::sum);
        }
      } else if (value instanceof LocalDateTime time) {
        value = Rows.instant(time).toString();
      } else if (value instanceof Buffer bytes) {
        value = BINARY.contains(table + "." + column) ? Base64.getEncoder().encodeToString(bytes.getBytes())
            : bytes.toString();
      } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)
          && !(value instanceof String)) {
        value = value.toString();
      }
      out.put(column, value);
    }
    return out;
  }

  /** What backup.json says about the personal data in the files: the API forgets it, a copy does not. */
  private JsonObject personalData() {
    return new JsonObject()
        .put("holds", "persons' names and e-mail addresses, tag hashes, event participants, and the presence history "
            + "of visits and journeys (status_log, visits, journeys)")
        .put("retentionDays", retention.toDays())
        .put("note", "the API deletes visits, journeys and their status lines after " + retention.toDays()
            + " days (retention.days) and a deleted person's journeys at once; this backup is not swept: delete it "
            + "within " + retention.toDays() + " days, or once it has been restored");
  }

  /** A time column's text as ISO-8601 UTC; null for a zero or otherwise impossible date. */
  private static String time(String text) {
    try {
      return Rows.instant(LocalDateTime.parse(text.length() == 10 ? text + "T00:00" : text.replace(' ', 'T')))
          .toString();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private Future<Backup> write(Instant at, String reason, Map<String, JsonArray> tables, Snapshot snapshot) {
    FileSystem fs = vertx.fileSystem();
    String name = at.toString().replace(':', '-') + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()
        | 0x10000000);
    String dir = Path.of(root, name).toAbsolutePath().toString();
    Map<String, Long> counts = new LinkedHashMap<>();
    tables.forEach((table, rows) -> counts.put(table, (long) rows.size()));
    Backup backup = new Backup(dir, counts);
    // mkdir (not mkdirs) on the new directory: it fails rather than write into an existing backup.
    Future<Void> created = fs.mkdirs(root).compose(v -> fs.mkdir(dir));
    return created.compose(v -> {
      List<Future<Void>> files = new ArrayList<>();
      tables.forEach((table, rows) -> files.add(fs.writeFile(Path.of(dir, table + ".json").toString(),
          rows.toBuffer())));
      return Future.all(files);
    }).compose(v -> fs.writeFile(Path.of(dir, "backup.json").toString(), new JsonObject().put("at", at.toString())
        .put("reason", reason).put("tables", backup.toJson().getJsonObject("tables"))
        .put("zeroDates", new JsonObject(new LinkedHashMap<>(snapshot.zeroDates)))
        .put("personalData", personalData()).toBuffer()))
        .map(v -> {
          LOG.info("backup written to {} ({}): {}", dir, reason, counts);
          return backup;
        })
        .recover(t -> {
          // The failure is logged where the bus answers it. A half-written directory must not pass for a backup
          // (created is failed when it was never made).
          Future<Void> cleanup = created.succeeded() ? fs.deleteRecursive(dir).otherwise(e -> null)
              : Future.succeededFuture();
          return cleanup.compose(x -> Future.failedFuture(new NanoException(ErrorCode.INTERNAL,
              "backup could not be written to " + dir + ": " + ErrorCode.messageOf(t))));
        });
  }
}
