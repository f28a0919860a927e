package io.nanoedge.api.bus;

import io.nanoedge.api.service.AuthService;
import io.nanoedge.api.service.BackupService;
import io.nanoedge.api.service.DocumentService;
import io.nanoedge.api.service.RouteService;
import io.nanoedge.api.service.VisitService;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.AuthenticateRequest;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.StatusRecord;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The API's event-bus commands for the workflow: authenticate tags, append statuses (publishing each new
 * one on {@link Addresses#STATUS_CHANGED}), hand event documents to the meeting room, and route a visitor
 * admitted by hand to the event's room; and for the shell, one visit with its whole timeline and the backup
 * of every table taken before the api role is undeployed. Same services
 * as HTTP and CoAP; a database outage fails them with 503.
 */
public final class ApiBusServices {
  private final EventBus bus;
  private final AuthService auth;
  private final VisitService visits;
  private final DocumentService documents;
  private final RouteService routes;
  private final BackupService backups;

  public ApiBusServices(EventBus bus, AuthService auth, VisitService visits, DocumentService documents,
      RouteService routes, BackupService backups) {
    this.bus = bus;
    this.auth = auth;
    this.visits = visits;
    this.documents = documents;
    this.routes = routes;
    this.backups = backups;
  }

  /** Registers the consumers; the futures complete when the registrations have reached the cluster. */
  public Future<List<MessageConsumer<Object>>> register() {
    List<MessageConsumer<Object>> consumers = List.of(
        Bus.serve(bus, Addresses.AUTHENTICATE, body -> auth.authenticate(AuthenticateRequest.fromJson(body))
            .map(result -> result.toJson())),
        Bus.serve(bus, Addresses.STATUS_APPEND, this::append),
        Bus.serve(bus, Addresses.EVENT_DOCUMENTS, body -> {
          Fields.onlyKnown(body, Set.of("eventId"));
          return documents.list(Fields.requireLong(body, "eventId"))
              .map(list -> new JsonObject().put("documents", list.getJsonArray("documents")));
        }),
        Bus.serve(bus, Addresses.DOCUMENT_CONTENT, body -> {
          Fields.onlyKnown(body, Set.of("eventId", "documentId"));
          return documents.get(Fields.requireLong(body, "eventId"), Fields.requireLong(body, "documentId"))
              .map(doc -> new JsonObject().put("name", doc.name()).put("mediaType", doc.mediaType())
                  .put("data", Base64.getEncoder().encodeToString(doc.data().getBytes())));
        }),
        Bus.serve(bus, Addresses.EVENT_ROUTE, body -> routes.route(body, Instant.now())),
        Bus.serve(bus, Addresses.API_VISIT_GET, body -> {
          Fields.onlyKnown(body, Set.of("visitId"));
          return visits.history(Fields.requireString(body, "visitId"));
        }),
        Bus.serve(bus, Addresses.API_BACKUP, backups::backup));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).map(done -> consumers);
  }

  private Future<JsonObject> append(JsonObject body) {
    StatusRecord record = StatusRecord.fromJson(body);
    return visits.append(record).map(stored -> {
      if (stored) {
        bus.publish(Addresses.STATUS_CHANGED, record.toJson());
      }
      return new JsonObject().put("stored", stored);
    });
  }
}
