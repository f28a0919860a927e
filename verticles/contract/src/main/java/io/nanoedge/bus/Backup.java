package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A backup the API wrote: its directory and the rows of each table. {@link Request} asks for one. */
public record Backup(String dir, Map<String, Long> tables) implements BusMessage {
  public Backup {
    Fields.nonBlank(dir, "dir");
    tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  public static Backup fromJson(JsonObject json) {
    Fields.onlyKnown(json, Set.of("dir", "tables"));
    JsonObject counts = Fields.optObject(json, "tables");
    Map<String, Long> tables = new LinkedHashMap<>();
    if (counts != null) {
      for (String table : counts.fieldNames()) {
        tables.put(table, Fields.requireLong(counts, table));
      }
    }
    return new Backup(Fields.requireString(json, "dir"), tables);
  }

  @Override
  public JsonObject toJson() {
    JsonObject counts = new JsonObject();
    tables.forEach(counts::put);
    return new JsonObject().put("dir", dir).put("tables", counts);
  }

  /** Write a backup of every table now; {@code reason} goes into the backup's own description. */
  public record Request(String reason) implements BusMessage {
    public static Request fromJson(JsonObject json) {
      Fields.onlyKnown(json, Set.of("reason"));
      return new Request(Fields.optString(json, "reason"));
    }

    @Override
    public JsonObject toJson() {
      return reason == null ? new JsonObject() : new JsonObject().put("reason", reason);
    }
  }
}
