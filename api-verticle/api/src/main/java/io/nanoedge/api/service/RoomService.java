package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rooms: where events take place. {@code location} is the room door's location id (its PIR and scanner),
 * {@code entrances} the entrance locations the room is reached from, {@code ledPath} the LED nodes the guide
 * walks from the entrance to the door, {@code displayNode} the node showing the room's display.
 */
public final class RoomService implements Crud {
  private static final Set<String> FIELDS = Set.of("name", "location", "capacity", "entrances", "ledPath",
      "displayNode");
  /** Location and node ids become parts of event-bus addresses: keep them to safe characters. */
  private static final String COLUMNS = "r.id, r.name, r.location, r.capacity, r.led_path, r.display_node, "
      + "(SELECT GROUP_CONCAT(e.location ORDER BY e.location) FROM room_entrances e WHERE e.room_id = r.id) "
      + "AS entrances";
  private final Database db;

  public RoomService(Database db) {
    this.db = db;
  }

  @Override
  public String collection() {
    return "rooms";
  }

  record Room(String name, String location, int capacity, List<String> entrances, List<String> ledPath,
      String displayNode) {
    static Room from(JsonObject json) {
      Fields.onlyKnown(json, FIELDS);
      String name = Texts.require(json, "name", 100);
      String location = locationId("location", Fields.requireString(json, "location"));
      int capacity = Fields.requireInt(json, "capacity", 1, 100_000);
      List<String> entrances = Texts.list(json, "entrances", 32, 64);
      for (int i = 0; i < entrances.size(); i++) {
        locationId("entrances[" + i + "]", entrances.get(i));
      }
      List<String> ledPath = Texts.list(json, "ledPath", 256, 64);
      for (int i = 0; i < ledPath.size(); i++) {
        locationId("ledPath[" + i + "]", ledPath.get(i));
      }
      String display = Fields.optString(json, "displayNode");
      return new Room(name, location, capacity, List.copyOf(new java.util.LinkedHashSet<>(entrances)), ledPath,
          display == null || display.isBlank() ? null : locationId("displayNode", display));
    }
  }

  static String locationId(String field, String value) {
    return Fields.location(value, field);
  }

  @Override
  public Future<JsonObject> list(Map<String, String> query, Long host) {
    Page page = Page.from(Params.of(query, Page.PARAMS));
    return db.run(sql -> Queries.page(sql, page, COLUMNS, "FROM rooms r", "r.id", List.of(), RoomService::json));
  }

  @Override
  public Future<JsonObject> get(long id, Long host) {
    return db.run(sql -> find(sql, id));
  }

  static Future<JsonObject> find(SqlClient sql, long id) {
    return Queries.one(sql, "SELECT " + COLUMNS + " FROM rooms r WHERE r.id = ?", id, "room", RoomService::json);
  }

  @Override
  public Future<JsonObject> create(JsonObject body, Long host) {
    Room room = Room.from(body);
    return db.transaction(sql -> sql.preparedQuery("INSERT INTO rooms (name, location, capacity, led_path, "
            + "display_node) VALUES (?, ?, ?, ?, ?)")
        .execute(Tuple.of(room.name(), room.location(), room.capacity(), new JsonArray(room.ledPath()).encode(),
            room.displayNode()))
        .compose(rows -> {
          long id = rows.property(MySQLClient.LAST_INSERTED_ID);
          return insertEntrances(sql, id, room.entrances()).map(v -> json(id, room));
        }));
  }

  @Override
  public Future<JsonObject> update(long id, JsonObject body, Long host) {
    Room room = Room.from(body);
    return db.transaction(sql -> sql.preparedQuery("UPDATE rooms SET name = ?, location = ?, capacity = ?, "
            + "led_path = ?, display_node = ? WHERE id = ?")
        .execute(Tuple.of(room.name(), room.location(), room.capacity(), new JsonArray(room.ledPath()).encode(),
            room.displayNode(), id))
        .compose(rows -> Rows.found(sql, "rooms", id, rows.rowCount(), "room"))
        .compose(v -> sql.preparedQuery("DELETE FROM room_entrances WHERE room_id = ?").execute(Tuple.of(id)))
        .compose(v -> insertEntrances(sql, id, room.entrances()))
        .map(v -> json(id, room)));
  }

  private static Future<Void> insertEntrances(SqlClient sql, long id, List<String> entrances) {
    if (entrances.isEmpty()) {
      return Future.succeededFuture();
    }
    return sql.preparedQuery("INSERT INTO room_entrances (room_id, location) VALUES (?, ?)")
        .executeBatch(entrances.stream().map(e -> Tuple.of(id, e)).toList()).mapEmpty();
  }

  @Override
  public Future<Void> delete(long id, Long host) {
    return db.run(sql -> Queries.delete(sql, "rooms", id, "room"));
  }

  static List<String> ledPath(Row row) {
    return new JsonArray(Rows.text(row, "led_path")).stream().map(String::valueOf).toList();
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
        .put("location", r.getString("location")).put("capacity", r.getInteger("capacity"))
        .put("entrances", new JsonArray(Rows.strings(r, "entrances"))).put("ledPath", new JsonArray(ledPath(r)))
        .put("displayNode", r.getString("display_node"));
  }

  private static JsonObject json(long id, Room room) {
    return new JsonObject().put("id", id).put("name", room.name()).put("location", room.location())
        .put("capacity", room.capacity()).put("entrances", new JsonArray(room.entrances().stream().sorted().toList()))
        .put("ledPath", new JsonArray(room.ledPath())).put("displayNode", room.displayNode());
  }
}
