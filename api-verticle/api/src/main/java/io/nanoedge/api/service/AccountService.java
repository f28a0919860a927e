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
import java.util.regex.Pattern;

/**
 * Console accounts, managed by administrators: a {@code host} account acts for one person (their meetings), an
 * {@code admin} account for everyone. The password is write-only: stored as its BCrypt hash, never answered.
 * Changing an account signs it out everywhere (its sessions are deleted), so a revoked role takes effect at once.
 */
public final class AccountService implements Crud {
  public static final String HOST = "host";
  public static final String ADMIN = "admin";
  private static final Set<String> FIELDS = Set.of("username", "password", "role", "personId");
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");
  private static final String COLUMNS = "a.id, a.username, a.role, a.person_id, p.name AS person_name, a.created_at";
  private static final String FROM = "FROM accounts a LEFT JOIN persons p ON p.id = a.person_id";
  private final Database db;
  private final Passwords passwords;

  public AccountService(Database db, Passwords passwords) {
    this.db = db;
    this.passwords = passwords;
  }

  @Override
  public String collection() {
    return "accounts";
  }

  /** {@code password} is null on an update that keeps the current one. */
  record Account(String username, String password, String role, Long personId) {
    static Account from(JsonObject json, boolean passwordRequired) {
      Fields.onlyKnown(json, FIELDS);
      String username = Fields.requireString(json, "username").strip();
      if (!USERNAME.matcher(username).matches()) {
        throw NanoException.badRequest("field 'username' must be 3 to 64 letters, digits, '.', '_', '@' or '-'");
      }
      String password = passwordRequired || json.containsKey("password")
          ? Passwords.checkNew(Fields.requireString(json, "password")) : null;
      String role = Fields.requireString(json, "role");
      if (!role.equals(HOST) && !role.equals(ADMIN)) {
        throw NanoException.badRequest("field 'role' must be 'host' or 'admin', got '" + role + "'");
      }
      Long personId = Fields.optLong(json, "personId");
      if (role.equals(HOST) && personId == null) {
        throw NanoException.badRequest("field 'personId' is required for a host account (the person who hosts)");
      }
      return new Account(username, password, role, personId);
    }
  }

  @Override
  public Future<JsonObject> list(Map<String, String> query, Long host) {
    Page page = Page.from(Params.of(query, Page.PARAMS));
    return db.run(sql -> Queries.page(sql, page, COLUMNS, FROM, "a.username", List.of(), AccountService::json));
  }

  @Override
  public Future<JsonObject> get(long id, Long host) {
    return db.run(sql -> Queries.one(sql, "SELECT " + COLUMNS + " " + FROM + " WHERE a.id = ?", id, "account",
        AccountService::json));
  }

  @Override
  public Future<JsonObject> create(JsonObject body, Long host) {
    Account a = Account.from(body, true);
    return passwords.hash(a.password()).compose(hash -> db.run(sql -> sql.preparedQuery(
            "INSERT INTO accounts (username, password_hash, role, person_id, created_at) VALUES (?, ?, ?, ?, ?)")
        .execute(Tuple.of(a.username(), hash, a.role(), a.personId(), Rows.db(Instant.now())))
        .map(rows -> (long) rows.property(MySQLClient.LAST_INSERTED_ID))))
        .compose(id -> get(id, null));
  }

  @Override
  public Future<JsonObject> update(long id, JsonObject body, Long host) {
    Account a = Account.from(body, false);
    Future<String> hash = a.password() == null ? Future.succeededFuture(null) : passwords.hash(a.password());
    return hash.compose(h -> db.transaction(sql -> sql.preparedQuery("UPDATE accounts SET username = ?, role = ?, "
            + "person_id = ?, password_hash = COALESCE(?, password_hash) WHERE id = ?")
        .execute(Tuple.of(a.username(), a.role(), a.personId(), h, id))
        .compose(rows -> Rows.found(sql, "accounts", id, rows.rowCount(), "account"))
        .compose(v -> sql.preparedQuery("DELETE FROM sessions WHERE account_id = ?").execute(Tuple.of(id)))))
        .compose(v -> get(id, null));
  }

  @Override
  public Future<Void> delete(long id, Long host) {
    return db.run(sql -> Queries.delete(sql, "accounts", id, "account"));
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("username", r.getString("username"))
        .put("role", r.getString("role")).put("personId", r.getLong("person_id"))
        .put("personName", r.getString("person_name")).put("createdAt", Rows.iso(r, "created_at"));
  }
}
