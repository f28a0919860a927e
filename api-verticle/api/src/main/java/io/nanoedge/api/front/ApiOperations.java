package io.nanoedge.api.front;

import io.nanoedge.api.service.Crud;
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

  private final List<Operation> all = new ArrayList<>();
  private final boolean publicRead;

  public ApiOperations(List<Crud> resources, EventService events, DocumentService documents, VisitService visits,
      Function<Admit, Future<VisitSummary>> admit,
      BiFunction<String, ServiceCommand, Future<ServiceCommand.Result>> nodeService,
      boolean publicRead) {
    this.publicRead = publicRead;
    for (Crud crud : resources) {
      String base = "/api/" + crud.collection();
      add("GET", base, r -> crud.list(r.query()).map(page -> ApiResponse.ok(withNext(base, r.query(), page))));
      add("POST", base, r -> crud.create(r.json())
          .map(item -> ApiResponse.created(item, base + "/" + item.getLong("id"))));
      add("GET", base + "/{id}", r -> crud.get(id(r)).map(ApiResponse::ok));
      add("PUT", base + "/{id}", r -> crud.update(id(r), r.json()).map(ApiResponse::ok));
      add("DELETE", base + "/{id}", r -> crud.delete(id(r)).map(v -> ApiResponse.deleted()));
    }
    add("GET", "/api/events/{id}/participants", r -> noQuery(r, () -> events.participants(id(r))).map(ApiResponse::ok));
    add("PUT", "/api/events/{id}/participants", r -> events.setParticipants(id(r), r.json()).map(ApiResponse::ok));
    add("GET", "/api/events/{id}/documents", r -> {
      long eventId = id(r);
      return noQuery(r, () -> documents.list(eventId)).map(list -> ApiResponse.ok(new JsonObject()
          .put("eventId", eventId).put("documents", new EventDocuments(list).toJson().getJsonArray("documents"))));
    });
    add("POST", "/api/events/{id}/documents", r -> {
      Params params = Params.of(r.query(), Set.of("name", "type"));
      String type = params.optString("type") != null ? params.optString("type") : r.contentType();
      long eventId = id(r);
      return documents.upload(eventId, params.optString("name"), type, r.body() == null
              ? io.vertx.core.buffer.Buffer.buffer() : r.body())
          .map(doc -> ApiResponse.created(doc, "/api/events/" + eventId + "/documents/" + doc.getLong("id")));
    });
    add("GET", "/api/events/{id}/documents/{documentId}", r -> noQuery(r, () -> documents.get(id(r),
        Params.id("documentId", r.path("documentId")))).map(doc -> ApiResponse.bytes(doc.data(), doc.mediaType())));
    add("DELETE", "/api/events/{id}/documents/{documentId}", r -> documents.delete(id(r),
        Params.id("documentId", r.path("documentId"))).map(v -> ApiResponse.deleted()));
    add("GET", "/api/rooms/{id}/availability", r -> events.availability(id(r), r.query()).map(ApiResponse::ok));
    add("GET", "/api/visits", r -> visits.list(r.query()).map(page -> ApiResponse.ok(withNext("/api/visits",
        r.query(), page))));
    add("GET", "/api/visits/{id}", r -> noQuery(r, () -> visits.get(r.path("id"))).map(ApiResponse::ok));
    add("POST", "/api/visits/{id}/admit", r -> {
      JsonObject body = r.json();
      Fields.onlyKnown(body, ADMIT_FIELDS);
      Admit command = Admit.fromJson(body.copy().put("visitId", r.path("id")));
      return admit.apply(command).map(visit -> ApiResponse.ok(visit.toJson()));
    });
    add("POST", "/api/admin/nodes/{node}/services", r -> {
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

  private void add(String method, String path, Function<ApiRequest, Future<ApiResponse>> handler) {
    all.add(new Operation(method, path, handler));
  }

  public List<Operation> all() {
    return List.copyOf(all);
  }

  /** Checks access, runs the operation and turns every failure into a JSON error response. */
  public Future<ApiResponse> execute(Operation op, ApiRequest request) {
    if (!request.authenticated() && (op.mutation() || !publicRead)) {
      return Future.succeededFuture(ApiResponse.error(ErrorCode.UNAUTHORIZED, op.mutation()
          ? "changes need the admin token (HTTP: Authorization: Bearer <admin.token>; CoAP: DTLS PSK)"
          : "reads need the admin token unless api.public-read is true"));
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
