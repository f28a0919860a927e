package io.nanoedge.api;

import io.nanoedge.api.db.Database;
import io.nanoedge.api.front.ApiOperations;
import io.nanoedge.api.front.ApiRequest;
import io.nanoedge.api.front.ApiResponse;
import io.nanoedge.api.front.Caller;
import io.nanoedge.api.front.Operation;
import io.nanoedge.api.service.DeviceService;
import io.nanoedge.api.service.DocumentService;
import io.nanoedge.api.service.EventService;
import io.nanoedge.api.service.PersonService;
import io.nanoedge.api.service.RoomService;
import io.nanoedge.api.service.TagService;
import io.nanoedge.api.service.VisitService;
import io.nanoedge.bus.Admit;
import io.nanoedge.bus.DevicePsk;
import io.nanoedge.bus.TagHash;
import io.nanoedge.bus.VisitSummary;
import io.nanoedge.config.DbUrl;
import io.nanoedge.testkit.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API's operations over a real database, called with any {@link Caller} (as the console's sessions will make
 * them) without a front end: for the access rules and the host scoping. Admissions are recorded, not sent.
 */
final class OperationsHarness {
  final Database db;
  final ApiOperations operations;
  final List<Admit> admitted = new ArrayList<>();

  OperationsHarness(Vertx vertx, String dbUrl) {
    db = new Database(vertx, DbUrl.parse(dbUrl), 2, Duration.ofSeconds(2), Duration.ofMillis(200));
    db.start();
    Eventually.until("the harness's database is ready", db::ready, Duration.ofSeconds(20));
    EventService events = new EventService(db);
    operations = new ApiOperations(List.of(new PersonService(db), new RoomService(db),
        new TagService(db, new TagHash(ApiFixture.TAG_KEY)), events), events, new DocumentService(db, 1 << 20),
        new VisitService(db), new DeviceService(db, new DevicePsk(ApiFixture.DEVICE_KEY), Set.of(), id -> { }),
        admit -> {
          admitted.add(admit);
          return Future.succeededFuture(new VisitSummary(admit.visitId(), "entrance", "AUTHENTICATED",
              "AUTHENTICATED", "2026-11-28T09:00:00Z", List.of()));
        }, (node, command) -> Future.succeededFuture(), false);
  }

  void close() {
    db.close().await();
  }

  /** Runs {@code method uri} (query after '?') as {@code caller}; a JsonObject body is sent as JSON. */
  ApiResponse call(Caller caller, String method, String uri, Object body) {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    Map<String, String> query = new LinkedHashMap<>();
    if (uri.contains("?")) {
      for (String pair : uri.substring(uri.indexOf('?') + 1).split("&")) {
        query.put(pair.split("=", 2)[0], pair.split("=", 2)[1]);
      }
    }
    for (Operation op : operations.all()) {
      Map<String, String> params = match(op.path(), path);
      if (op.method().equals(method) && params != null) {
        Buffer bytes = body == null ? null : body instanceof Buffer b ? b : Buffer.buffer(body.toString());
        String type = body instanceof Buffer ? "text/plain" : body == null ? null : "application/json";
        return operations.execute(op, new ApiRequest(method, params, query, bytes, type, caller, 65536)).await();
      }
    }
    throw new AssertionError("no operation " + method + " " + path);
  }

  private static Map<String, String> match(String template, String path) {
    String[] want = template.split("/");
    String[] got = path.split("/");
    if (want.length != got.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < want.length; i++) {
      if (want[i].startsWith("{")) {
        params.put(want[i].substring(1, want[i].length() - 1), got[i]);
      } else if (!want[i].equals(got[i])) {
        return null;
      }
    }
    return params;
  }

  static JsonObject json(ApiResponse response) {
    return response.json();
  }
}
