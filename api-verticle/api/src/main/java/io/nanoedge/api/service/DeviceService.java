package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.DeviceKind;
import io.nanoedge.bus.DevicePsk;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Registered devices and their credentials (admin only). No key is stored: a device's pre-shared key is derived
 * from {@code device.key}, its id and its generation ({@link DevicePsk}) and shown once, when the device is
 * registered or rotated. Rotating bumps the generation; revoking keeps the row (with {@code revokedAt}) so the id
 * is not quietly reused. Every rotation and revocation is announced ({@code onChange}) so fronts drop their cache.
 */
public final class DeviceService {
  private static final Set<String> FIELDS = Set.of("id", "kind", "location", "label");
  private static final String COLUMNS = "id, kind, location, label, generation, created_at, rotated_at, revoked_at";
  private final Database db;
  private final DevicePsk psk;
  private final Set<String> reserved;
  private final Consumer<String> onChange;

  /**
   * @param psk derives the keys; null when {@code device.key} is not configured (then nothing can be registered,
   *     rotated or served, and every answer says why)
   * @param reserved identities no device may take (the admin's DTLS PSK identity)
   * @param onChange told the id of every device rotated or revoked
   */
  public DeviceService(Database db, DevicePsk psk, Set<String> reserved, Consumer<String> onChange) {
    this.db = db;
    this.psk = psk;
    this.reserved = Set.copyOf(reserved);
    this.onChange = onChange;
  }

  /** A device as the admin registers it. */
  record Device(String id, DeviceKind kind, String location, String label) {
    static Device from(JsonObject json) {
      Fields.onlyKnown(json, FIELDS);
      String id = Fields.id(Fields.requireString(json, "id"), "id");
      DeviceKind kind = DeviceKind.fromWire(Fields.requireString(json, "kind"), "kind");
      String location = Fields.location(Fields.requireString(json, "location"), "location");
      String label = Fields.text(Fields.optString(json, "label"), "label", 100);
      return new Device(id, kind, location, label == null ? "" : label.strip());
    }
  }

  private DevicePsk keys() {
    if (psk == null) {
      throw NanoException.unavailable("device credentials need device.key (or device.key-file) on the api role");
    }
    return psk;
  }

  public Future<JsonObject> list(Map<String, String> query) {
    Page page = Page.from(Params.of(query, Page.PARAMS));
    return db.run(sql -> Queries.page(sql, page, COLUMNS, "FROM devices", "id", List.of(), DeviceService::json));
  }

  /** One device, never its key. */
  public Future<JsonObject> get(String id) {
    String checked = Fields.id(id, "id");
    return db.run(sql -> find(sql, checked));
  }

  private static Future<JsonObject> find(SqlClient sql, String id) {
    return Queries.one(sql, "SELECT " + COLUMNS + " FROM devices WHERE id = ?", id, "device", DeviceService::json);
  }

  /** Registers a device at generation 1; the answer carries its key, the only time it is shown. */
  public Future<JsonObject> create(JsonObject body) {
    Device device = Device.from(body);
    if (reserved.contains(device.id())) {
      throw NanoException.conflict("device id '" + device.id() + "' is the admin's DTLS identity");
    }
    DevicePsk keys = keys();
    // The primary key decides whether the id is taken. A SELECT ... FOR UPDATE first, on an id not there yet,
    // takes a gap lock: two registrations in the same gap each waited for the other's insert, a deadlock (503 busy
    // for most of 16 registered at once).
    return db.transaction(sql -> sql.preparedQuery("INSERT INTO devices (id, kind, location, label, generation, "
            + "created_at) VALUES (?, ?, ?, ?, 1, ?)").execute(Tuple.of(device.id(), device.kind().wire(),
            device.location(), device.label(), Rows.db(Instant.now())))
            .recover(t -> Future.failedFuture(Database.duplicateKey(t)
                ? NanoException.conflict("device " + device.id() + " is already registered (rotate or revoke it)")
                : t))
            .compose(rows -> find(sql, device.id())))
        .map(json -> withKey(json, keys));
  }

  /** A new generation, so a new key (shown once); the old key stops working. 409 for a revoked device. */
  public Future<JsonObject> rotate(String id) {
    String checked = Fields.id(id, "id");
    DevicePsk keys = keys();
    return db.transaction(sql -> sql.preparedQuery("SELECT revoked_at FROM devices WHERE id = ? FOR UPDATE")
            .execute(Tuple.of(checked))
            .compose(rows -> {
              Row row = Rows.first(rows);
              if (row == null) {
                throw NanoException.notFound("no device " + checked);
              }
              if (row.getValue("revoked_at") != null) {
                throw NanoException.conflict("device " + checked + " is revoked; register a new id");
              }
              return sql.preparedQuery("UPDATE devices SET generation = generation + 1, rotated_at = ? WHERE id = ?")
                  .execute(Tuple.of(Rows.db(Instant.now()), checked));
            })
            .compose(v -> find(sql, checked)))
        .map(json -> {
          onChange.accept(checked);
          return withKey(json, keys);
        });
  }

  /** Revokes a device: its key stops working at once. Revoking a revoked device changes nothing. */
  public Future<Void> revoke(String id) {
    String checked = Fields.id(id, "id");
    return db.run(sql -> sql.preparedQuery("UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
        .execute(Tuple.of(Rows.db(Instant.now()), checked))
        .compose(rows -> find(sql, checked)))
        .map(json -> {
          onChange.accept(checked);
          return null;
        });
  }

  /** The credential a device front needs for {@code identity}; 404 when it is unknown or revoked. */
  public Future<DeviceCredential> credential(String identity) {
    DevicePsk keys = keys();
    return db.run(sql -> sql.preparedQuery("SELECT id, kind, location, generation FROM devices "
        + "WHERE id = ? AND revoked_at IS NULL").execute(Tuple.of(identity)).map(rows -> {
          Row row = Rows.first(rows);
          if (row == null) {
            throw NanoException.notFound("no device " + identity);
          }
          byte[] key = keys.derive(row.getString("id"), row.getInteger("generation"));
          return new DeviceCredential(row.getString("id"), DeviceKind.fromWire(row.getString("kind"), "kind"),
              row.getString("location"), Base64.getEncoder().encodeToString(key));
        }));
  }

  private static JsonObject withKey(JsonObject device, DevicePsk keys) {
    byte[] key = keys.derive(device.getString("id"), device.getInteger("generation"));
    return device.put("psk", Base64.getEncoder().encodeToString(key)).put("pskHex", HexFormat.of().formatHex(key));
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getString("id")).put("kind", r.getString("kind"))
        .put("location", r.getString("location")).put("label", r.getString("label"))
        .put("generation", r.getInteger("generation")).put("createdAt", Rows.iso(r, "created_at"))
        .put("rotatedAt", Rows.iso(r, "rotated_at")).put("revokedAt", Rows.iso(r, "revoked_at"))
        .put("active", r.getValue("revoked_at") == null);
  }
}
