package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.TagHash;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tags: BLE beacons carried by persons. The admin gives the raw id (MAC or iBeacon uuid/major/minor); only
 * its keyed hash is stored, so the database never holds (and this class never logs) a raw id.
 */
public final class TagService implements Crud {
  private static final Set<String> FIELDS = Set.of("tagId", "personId", "label", "active");
  private static final String COLUMNS = "id, hash, person_id, label, active";
  private final Database db;
  private final TagHash tagHash;

  public TagService(Database db, TagHash tagHash) {
    this.db = db;
    this.tagHash = tagHash;
  }

  @Override
  public String collection() {
    return "tags";
  }

  /** {@code hash} is null on an update that keeps the registered tag. */
  record Tag(String hash, long personId, String label, boolean active) {
  }

  private Tag parse(JsonObject json, boolean create) {
    Fields.onlyKnown(json, FIELDS);
    String raw = create ? Fields.requireString(json, "tagId") : Fields.optString(json, "tagId");
    String hash = raw == null ? null : tagHash.hash(raw);
    long personId = Fields.requireLong(json, "personId");
    String label = Texts.optional(json, "label", 100);
    return new Tag(hash, personId, label == null ? "" : label, Fields.optBoolean(json, "active", true));
  }

  @Override
  public Future<JsonObject> list(Map<String, String> query, Long host) {
    Params params = Params.of(query, Set.of("limit", "offset", "personId"));
    Page page = Page.from(params);
    Long personId = params.optLong("personId");
    String from = personId == null ? "FROM tags" : "FROM tags WHERE person_id = ?";
    List<Object> args = personId == null ? List.of() : List.of(personId);
    return db.run(sql -> Queries.page(sql, page, COLUMNS, from, "id", args, TagService::json));
  }

  @Override
  public Future<JsonObject> get(long id, Long host) {
    return db.run(sql -> find(sql, id));
  }

  private static Future<JsonObject> find(SqlClient sql, long id) {
    return Queries.one(sql, "SELECT " + COLUMNS + " FROM tags WHERE id = ?", id, "tag", TagService::json);
  }

  @Override
  public Future<JsonObject> create(JsonObject body, Long host) {
    Tag tag = parse(body, true);
    return db.transaction(sql -> References.persons(sql, "personId", List.of(tag.personId()))
        .compose(v -> sql.preparedQuery("INSERT INTO tags (hash, person_id, label, active) VALUES (?, ?, ?, ?)")
            .execute(Tuple.of(tag.hash(), tag.personId(), tag.label(), tag.active())))
        .map(rows -> new JsonObject().put("id", rows.property(MySQLClient.LAST_INSERTED_ID)).put("hash", tag.hash())
            .put("personId", tag.personId()).put("label", tag.label()).put("active", tag.active())));
  }

  @Override
  public Future<JsonObject> update(long id, JsonObject body, Long host) {
    Tag tag = parse(body, false);
    String set = tag.hash() == null ? "" : "hash = ?, ";
    Tuple values = tag.hash() == null ? Tuple.tuple() : Tuple.of(tag.hash());
    values.addLong(tag.personId()).addString(tag.label()).addBoolean(tag.active()).addLong(id);
    return db.transaction(sql -> References.persons(sql, "personId", List.of(tag.personId()))
        .compose(v -> sql.preparedQuery("UPDATE tags SET " + set + "person_id = ?, label = ?, active = ? WHERE id = ?")
            .execute(values))
        .compose(rows -> Rows.found(sql, "tags", id, rows.rowCount(), "tag"))
        .compose(v -> find(sql, id)));
  }

  @Override
  public Future<Void> delete(long id, Long host) {
    return db.run(sql -> Queries.delete(sql, "tags", id, "tag"));
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("hash", r.getString("hash"))
        .put("personId", r.getLong("person_id")).put("label", r.getString("label"))
        .put("active", Rows.bool(r, "active"));
  }
}
