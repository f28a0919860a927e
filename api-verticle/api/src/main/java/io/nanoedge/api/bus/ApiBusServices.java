package io.nanoedge.api.bus;

import io.nanoedge.api.service.AuthService;
import io.nanoedge.api.service.BackupService;
import io.nanoedge.api.service.DeviceService;
import io.nanoedge.api.service.DocumentService;
import io.nanoedge.api.service.RouteService;
import io.nanoedge.api.service.VisitService;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.EventDocuments;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.Stored;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The API's event-bus commands for the workflow: authenticate tags, append statuses (publishing each new
 * one on {@link Addresses#STATUS_CHANGED}), hand event documents to the meeting room, and route a visitor
 * admitted by hand to the event's room; for the device fronts, a registered device's credential; and for the
 * shell, one visit with its whole timeline and the backup of every table taken before the api role is undeployed.
 * Same services as HTTP and CoAP; a database outage fails them with 503.
 */
public final class ApiBusServices {
  private final EventBus bus;
  private final AuthService auth;
  private final VisitService visits;
  private final DocumentService documents;
  private final RouteService routes;
  private final BackupService backups;
  private final DeviceService devices;

  public ApiBusServices(EventBus bus, AuthService auth, VisitService visits, DocumentService documents,
      RouteService routes, BackupService backups, DeviceService devices) {
    this.bus = bus;
    this.auth = auth;
    this.visits = visits;
    this.documents = documents;
    this.routes = routes;
    this.backups = backups;
    this.devices = devices;
  }

  /** Registers the consumers; the futures complete when the registrations have reached the cluster. */
  public Future<List<MessageConsumer<Object>>> register() {
    List<MessageConsumer<Object>> consumers = List.of(
        Bus.serve(bus, Addresses.AUTHENTICATE, auth::authenticate),
        Bus.serve(bus, Addresses.STATUS_APPEND, this::append),
        Bus.serve(bus, Addresses.EVENT_DOCUMENTS, query -> documents.bookedIn(query.eventId(), query.roomLocation())
            .compose(v -> documents.list(query.eventId(), null)).map(EventDocuments::new)),
        Bus.serve(bus, Addresses.DOCUMENT_CONTENT, query -> documents.bookedIn(query.eventId(), query.roomLocation())
            .compose(v -> documents.get(query.eventId(), query.documentId(), null))
            .map(doc -> new EventDocuments.Content(doc.name(), doc.mediaType(),
                Base64.getEncoder().encodeToString(doc.data().getBytes())))),
        Bus.serve(bus, Addresses.EVENT_ROUTE, query -> routes.route(query, Instant.now())),
        Bus.serve(bus, Addresses.API_VISIT_GET, query -> visits.history(query.visitId())),
        Bus.serve(bus, Addresses.API_BACKUP, backups::backup),
        Bus.serve(bus, Addresses.DEVICE_CREDENTIAL, query -> devices.credential(query.identity())));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).map(done -> consumers);
  }

  private Future<Stored> append(StatusRecord record) {
    return visits.append(record).map(stored -> {
      if (stored) {
        Bus.publish(bus, Addresses.STATUS_CHANGED, record);
      }
      return new Stored(stored);
    });
  }
}
