package io.nanoedge.api.front;

import io.nanoedge.api.service.Crud;
import io.nanoedge.api.service.DeviceService;
import io.nanoedge.api.service.DocumentService;
import io.nanoedge.api.service.EventService;
import io.nanoedge.api.service.Params;
import io.nanoedge.api.service.VisitService;
import io.nanoedge.bus.Admit;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.EventDocuments;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.ServiceCommand;
import io.nanoedge.bus.VisitSummary;
import io.nanoedge.config.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every operation of the API, once, with its access rule and the error mapping. The HTTP routes and the
 * CoAP resources are generated from {@link #all()} and both call {@link #execute}, so the two front ends
 * cannot drift apart in paths, rules or answers.
 */
public final class ApiOperations {
  private static final Logger LOG = LoggerFactory.getLogger(ApiOperations.class);
  private static final Set<String> ADMIT_FIELDS = Set.of("personId", "guestName", "eventId", "by");
  private static final Set<String> SERVICE_FIELDS = Set.of("action", "role");
  /** Node ids become part of an event-bus address. */
  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Who reads and who changes each collection: hosts read the directory a booking needs, admins change it. */
  private static final Map<String, Access[]> COLLECTIONS = Map.of(
      "persons", new Access[] {Access.SIGNED_IN, Access.ADMIN},
      "rooms", new Access[] {Access.SIGNED_IN, Access.ADMIN},
      "tags", new Access[] {Access.ADMIN, Access.ADMIN},
      "events", new Access[] {Access.HOST_SCOPED, Access.HOST_SCOPED},
      // Templates fill a booking form (every host reads them); console accounts are the administrators' alone.
      "templates", new Access[] {Access.SIGNED_IN, Access.ADMIN},
      "accounts", new Access[] {Access.ADMIN_ONLY, Access.ADMIN_ONLY});

  private final List<Operation> all = new ArrayList<>();
  private final boolean publicRead;

  public ApiOperations(List<Crud> resources, EventService events, DocumentService documents, VisitService visits,
      DeviceService devices, Function<Admit, Future<VisitSummary>> admit,
      BiFunction<String, ServiceCommand, Future<ServiceCommand.Result>> nodeService,
      boolean publicRead) {
    this.publicRead = publicRead;
    for (Crud crud : resources) {
      String base = "/api/" + crud.collection();
      Access read = COLLECTIONS.get(crud.collection())[0];
      Access change = COLLECTIONS.get(crud.collection())[1];
      add("GET", base, read, r -> crud.list(r.query(), host(r))
          .map(page -> ApiResponse.ok(withNext(base, r.query(), page))));
      add("POST", base, change, r -> crud.create(r.json(), host(r))
          .map(item -> ApiResponse.created(item, base + "/" + item.getLong("id"))));
      add("GET", base + "/{id}", read, r -> crud.get(id(r), host(r)).map(ApiResponse::ok));
      add("PUT", base + "/{id}", change, r -> crud.update(id(r), r.json(), host(r)).map(ApiResponse::ok));
      add("DELETE", base + "/{id}", change, r -> crud.delete(id(r), host(r)).map(v -> ApiResponse.deleted()));
    }
    add("GET", "/api/events/{id}/participants", Access.HOST_SCOPED,
        r -> noQuery(r, () -> events.participants(id(r), host(r))).map(ApiResponse::ok));
    add("PUT", "/api/events/{id}/participants", Access.HOST_SCOPED,
        r -> events.setParticipants(id(r), r.json(), host(r)).map(ApiResponse::ok));
    add("GET", "/api/events/{id}/guests", Access.HOST_SCOPED,
        r -> noQuery(r, () -> events.guests(id(r), host(r))).map(ApiResponse::ok));
    add("PUT", "/api/events/{id}/guests", Access.HOST_SCOPED,
        r -> events.setGuests(id(r), r.json(), host(r)).map(ApiResponse::ok));
    add("GET", "/api/events/{id}/documents", Access.HOST_SCOPED, r -> {
      long eventId = id(r);
      return noQuery(r, () -> documents.list(eventId, host(r))).map(list -> ApiResponse.ok(new JsonObject()
          .put("eventId", eventId).put("documents", new EventDocuments(list).toJson().getJsonArray("documents"))));
    });
    all.add(new Operation("POST", "/api/events/{id}/documents", Access.HOST_SCOPED, true, r -> {
      Params params = Params.of(r.query(), Set.of("name", "type"));
      String type = params.optString("type") != null ? params.optString("type") : r.contentType();
      long eventId = id(r);
      return documents.upload(eventId, params.optString("name"), type, r.body() == null
              ? io.vertx.core.buffer.Buffer.buffer() : r.body(), host(r))
          .map(doc -> ApiResponse.created(doc, "/api/events/" + eventId + "/documents/" + doc.getLong("id")));
    }));
    add("GET", "/api/events/{id}/documents/{documentId}", Access.HOST_SCOPED, r -> noQuery(r, () -> documents.get(
        id(r), Params.id("documentId", r.path("documentId")), host(r)))
        .map(doc -> ApiResponse.bytes(doc.data(), doc.mediaType())));
    add("DELETE", "/api/events/{id}/documents/{documentId}", Access.HOST_SCOPED, r -> documents.delete(id(r),
        Params.id("documentId", r.path("documentId")), host(r)).map(v -> ApiResponse.deleted()));
    add("GET", "/api/rooms/{id}/availability", Access.SIGNED_IN,
        r -> events.availability(id(r), r.query(), host(r)).map(ApiResponse::ok));
    add("GET", "/api/visits", Access.HOST_SCOPED, r -> visits.list(r.query(), host(r))
        .map(page -> ApiResponse.ok(withNext("/api/visits", r.query(), page))));
    add("GET", "/api/visits/{id}", Access.HOST_SCOPED,
        r -> noQuery(r, () -> visits.get(r.path("id"), host(r))).map(ApiResponse::ok));
    add("POST", "/api/visits/{id}/admit", Access.HOST_SCOPED, r -> {
      JsonObject body = r.json();
      Fields.onlyKnown(body, ADMIT_FIELDS);
      JsonObject command = body.copy().put("visitId", r.path("id"));
      Long host = host(r);
      if (host != null) {
        // A host admits only to the events they host, and the status log says which host it was.
        command.put("by", "host " + host);
      }
      Admit checked = Admit.fromJson(command);
      return events.hosted(checked.eventId(), host).compose(v -> admit.apply(checked))
          .map(visit -> ApiResponse.ok(visit.toJson()));
    });
    // Device credentials: admin only, reads included (a key is shown once, by create and rotate, never by a read).
    add("GET", "/api/devices", Access.ADMIN_ONLY, r -> devices.list(r.query())
        .map(page -> ApiResponse.ok(withNext("/api/devices", r.query(), page))));
    add("POST", "/api/devices", Access.ADMIN_ONLY, r -> devices.create(r.json())
        .map(device -> ApiResponse.created(device, "/api/devices/" + device.getString("id"))));
    add("GET", "/api/devices/{id}", Access.ADMIN_ONLY,
        r -> noQuery(r, () -> devices.get(r.path("id"))).map(ApiResponse::ok));
    add("POST", "/api/devices/{id}/rotate", Access.ADMIN_ONLY,
        r -> noQuery(r, () -> devices.rotate(r.path("id"))).map(ApiResponse::ok));
    add("DELETE", "/api/devices/{id}", Access.ADMIN_ONLY,
        r -> noQuery(r, () -> devices.revoke(r.path("id"))).map(v -> ApiResponse.deleted()));
    add("POST", "/api/admin/nodes/{node}/services", Access.ADMIN_ONLY, r -> {
      String node = r.path("node");
      if (!NODE.matcher(node).matches()) {
        throw NanoException.badRequest("node must be 1 to 64 letters, digits, '.', '_' or '-'");
      }
      return nodeService.apply(node, serviceCommand(r.json())).map(result -> ApiResponse.ok(result.toJson()));
    });
  }

  /** {@code {"action": "deploy"|"undeploy", "role"}}, checked here so a bad command never leaves the API. */
  private static ServiceCommand serviceCommand(JsonObject body) {
    Fields.onlyKnown(body, SERVICE_FIELDS);
    String action = Fields.requireString(body, "action");
    if (!action.equals("deploy") && !action.equals("undeploy")) {
      throw NanoException.badRequest("field 'action' must be 'deploy' or 'undeploy', got '" + action + "'");
    }
    String role = Fields.requireString(body, "role");
    // ops is no verticle of its own: it runs on every node and cannot be deployed or undeployed.
    List<String> roles = java.util.Arrays.stream(Role.values()).filter(r -> r != Role.OPS)
        .map(Role::id).toList();
    if (!roles.contains(role)) {
      throw NanoException.badRequest("field 'role' must be one of " + String.join(", ", roles) + ", got '"
          + role + "'");
    }
    return new ServiceCommand(action, Role.named(role));
  }

  private void add(String method, String path, Access access, Function<ApiRequest, Future<ApiResponse>> handler) {
    all.add(new Operation(method, path, access, false, handler));
  }

  public List<Operation> all() {
    return List.copyOf(all);
  }

  /**
   * The refusal of {@code op} for {@code caller} by its access rule alone, or null when the caller may go on (a
   * host is narrowed to their own events later). Both fronts ask this before they read a body.
   */
  public ApiResponse refusal(Operation op, Caller caller) {
    ErrorCode code = op.access().refusal(caller, !op.mutation(), publicRead);
    if (code == null) {
      return null;
    }
    if (code == ErrorCode.UNAUTHORIZED) {
      return ApiResponse.error(code, op.mutation()
          ? "changes need the admin token (HTTP: Authorization: Bearer <admin.token>, or a console session; CoAP: "
              + "the admin's DTLS PSK)"
          : "reads need the admin token (or a console session) unless api.public-read is true");
    }
    return ApiResponse.error(code, op.method() + " " + op.path() + " is not allowed for " + describe(caller));
  }

  private static String describe(Caller caller) {
    if (caller instanceof Caller.Device device) {
      return "a device (" + device.id() + ")";
    }
    return caller instanceof Caller.Host host ? "a host (person " + host.personId() + ")" : "this caller";
  }

  /** Checks access, runs the operation and turns every failure into a JSON error response. */
  public Future<ApiResponse> execute(Operation op, ApiRequest request) {
    ApiResponse refused = refusal(op, request.caller());
    if (refused != null) {
      return Future.succeededFuture(refused);
    }
    Future<ApiResponse> result;
    try {
      result = op.handler().apply(request);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.recover(t -> Future.succeededFuture(errorResponse(op, t)));
  }

  private static ApiResponse errorResponse(Operation op, Throwable t) {
    ErrorCode code = ErrorCode.of(t);
    if (code == ErrorCode.INTERNAL) {
      String id = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("error {} in {} {}", id, op.method(), op.path(), t);
      return ApiResponse.error(code, "internal error " + id + " (see the API's log)");
    }
    return ApiResponse.error(code, ErrorCode.messageOf(t));
  }

  /** The host bounding the request, null for none (see {@link Caller#hostScope()}). */
  private static Long host(ApiRequest r) {
    return r.caller().hostScope();
  }

  private static long id(ApiRequest r) {
    return Params.id("id", r.path("id"));
  }

  private static <T> Future<T> noQuery(ApiRequest r, java.util.function.Supplier<Future<T>> work) {
    if (!r.query().isEmpty()) {
      throw NanoException.badRequest("unknown query parameter '" + r.query().keySet().iterator().next() + "'");
    }
    return work.get();
  }

  /** Adds {@code next}: the path of the following page, or null on the last one. */
  static JsonObject withNext(String path, Map<String, String> query, JsonObject page) {
    long total = page.getLong("total");
    int limit = page.getInteger("limit");
    int offset = page.getInteger("offset");
    if ((long) offset + limit >= total) {
      return page.putNull("next");
    }
    Map<String, String> next = new LinkedHashMap<>(query);
    next.put("limit", Integer.toString(limit));
    next.put("offset", Integer.toString(offset + limit));
    return page.put("next", path + "?" + next.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
