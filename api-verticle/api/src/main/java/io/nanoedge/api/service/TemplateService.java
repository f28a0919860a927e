package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Meeting templates ("Meeting with documents", "Visitor interview"): what booking from one fills in — the title,
 * the length, the lead time (how early participants are expected), the documents to present and whether guests
 * without a tag are expected. Administrators keep them; every host reads them.
 */
public final class TemplateService implements Crud {
  private static final Set<String> FIELDS = Set.of("name", "title", "durationMinutes", "leadMinutes", "documents",
      "guestsAllowed", "description");
  private static final String COLUMNS = "id, name, title, duration_minutes, lead_minutes, documents, guests_allowed, "
      + "description";
  private final Database db;

  public TemplateService(Database db) {
    this.db = db;
  }

  @Override
  public String collection() {
    return "templates";
  }

  record Template(String name, String title, int durationMinutes, int leadMinutes, List<String> documents,
      boolean guestsAllowed, String description) {
    static Template from(JsonObject json) {
      Fields.onlyKnown(json, FIELDS);
      return new Template(Texts.require(json, "name", 100), Texts.require(json, "title", 200),
          Fields.requireInt(json, "durationMinutes", 5, 24 * 60), Fields.optInt(json, "leadMinutes", 0, 0, 24 * 60),
          Texts.list(json, "documents", 20, 200), Fields.optBoolean(json, "guestsAllowed", false),
          Texts.optional(json, "description", 500));
    }

    Tuple row() {
      return Tuple.of(name, title, durationMinutes, leadMinutes, new JsonArray(documents).encode(), guestsAllowed,
          description);
    }
  }

  @Override
  public Future<JsonObject> list(Map<String, String> query, Long host) {
    Page page = Page.from(Params.of(query, Page.PARAMS));
    return db.run(sql -> Queries.page(sql, page, COLUMNS, "FROM templates", "name", List.of(),
        TemplateService::json));
  }

  @Override
  public Future<JsonObject> get(long id, Long host) {
    return db.run(sql -> Queries.one(sql, "SELECT " + COLUMNS + " FROM templates WHERE id = ?", id, "template",
        TemplateService::json));
  }

  @Override
  public Future<JsonObject> create(JsonObject body, Long host) {
    Template t = Template.from(body);
    return db.run(sql -> sql.preparedQuery("INSERT INTO templates (name, title, duration_minutes, lead_minutes, "
            + "documents, guests_allowed, description) VALUES (?, ?, ?, ?, ?, ?, ?)").execute(t.row())
        .map(rows -> json(rows.property(MySQLClient.LAST_INSERTED_ID), t)));
  }

  @Override
  public Future<JsonObject> update(long id, JsonObject body, Long host) {
    Template t = Template.from(body);
    return db.run(sql -> sql.preparedQuery("UPDATE templates SET name = ?, title = ?, duration_minutes = ?, "
            + "lead_minutes = ?, documents = ?, guests_allowed = ?, description = ? WHERE id = ?")
        .execute(t.row().addLong(id))
        .compose(rows -> Rows.found(sql, "templates", id, rows.rowCount(), "template"))
        .map(v -> json(id, t)));
  }

  @Override
  public Future<Void> delete(long id, Long host) {
    return db.run(sql -> Queries.delete(sql, "templates", id, "template"));
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
        .put("title", r.getString("title")).put("durationMinutes", r.getInteger("duration_minutes"))
        .put("leadMinutes", r.getInteger("lead_minutes")).put("documents", new JsonArray(Rows.text(r, "documents")))
        .put("guestsAllowed", Rows.bool(r, "guests_allowed")).put("description", r.getString("description"));
  }

  private static JsonObject json(long id, Template t) {
    return new JsonObject().put("id", id).put("name", t.name()).put("title", t.title())
        .put("durationMinutes", t.durationMinutes()).put("leadMinutes", t.leadMinutes())
        .put("documents", new JsonArray(t.documents())).put("guestsAllowed", t.guestsAllowed())
        .put("description", t.description());
  }
}
