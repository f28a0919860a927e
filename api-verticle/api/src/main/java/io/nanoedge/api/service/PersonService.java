package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Persons: the people who host, attend and carry tags. */
public final class PersonService implements Crud {
  private static final Set<String> FIELDS = Set.of("name", "email");
  private final Database db;

  public PersonService(Database db) {
    this.db = db;
  }

  @Override
  public String collection() {
    return "persons";
  }

  record Person(String name, String email) {
    static Person from(JsonObject json) {
      Fields.onlyKnown(json, FIELDS);
      String name = Texts.require(json, "name", 100);
      String email = Texts.optional(json, "email", 200);
      if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
        throw NanoException.badRequest("field 'email' must look like name@domain");
      }
      return new Person(name, email);
    }
  }

  @Override
  public Future<JsonObject> list(Map<String, String> query, Long host) {
    Page page = Page.from(Params.of(query, Page.PARAMS));
    return db.run(sql -> Queries.page(sql, page, "id, name, email", "FROM persons", "id", List.of(),
        PersonService::json));
  }

  @Override
  public Future<JsonObject> get(long id, Long host) {
    return db.run(sql -> Queries.one(sql, "SELECT id, name, email FROM persons WHERE id = ?", id, "person",
        PersonService::json));
  }

  @Override
  public Future<JsonObject> create(JsonObject body, Long host) {
    Person p = Person.from(body);
    return db.run(sql -> sql.preparedQuery("INSERT INTO persons (name, email, created_at) VALUES (?, ?, ?)")
        .execute(Tuple.of(p.name(), p.email(), Rows.db(Instant.now())))
        .map(rows -> json(rows.property(MySQLClient.LAST_INSERTED_ID), p)));
  }

  @Override
  public Future<JsonObject> update(long id, JsonObject body, Long host) {
    Person p = Person.from(body);
    return db.run(sql -> sql.preparedQuery("UPDATE persons SET name = ?, email = ? WHERE id = ?")
        .execute(Tuple.of(p.name(), p.email(), id))
        .compose(rows -> Rows.found(sql, "persons", id, rows.rowCount(), "person"))
        .map(v -> json(id, p)));
  }

  /**
   * Deletes the person with their personal data: tags and participations (foreign keys), and their journeys with
   * those journeys' status lines ({@link RetentionService#forgetPerson}); all or nothing (a person who still hosts
   * an event is a 409 and nothing is deleted).
   */
  @Override
  public Future<Void> delete(long id, Long host) {
    return db.transaction(sql -> RetentionService.forgetPerson(sql, id)
        .compose(v -> Queries.delete(sql, "persons", id, "person")));
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
        .put("email", r.getString("email"));
  }

  private static JsonObject json(long id, Person p) {
    return new JsonObject().put("id", id).put("name", p.name()).put("email", p.email());
  }
}
