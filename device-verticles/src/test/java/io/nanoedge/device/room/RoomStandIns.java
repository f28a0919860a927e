package io.nanoedge.device.room;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.EventDocuments;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import static io.nanoedge.device.DeviceTests.await;

/** Stand-ins for the API's document commands (built in parallel): event 7 has an agenda and minutes. */
final class RoomStandIns {
  static final String AGENDA = "Agenda\n1. Welcome Bob, Carl and David\n2. Quarterly figures\n3. Next steps";
  static final String MINUTES = "Minutes of the last meeting: budget approved.";

  private RoomStandIns() {
  }

  static void documentsOfEvent7(Vertx vertx) {
    await(Bus.serve(vertx.eventBus(), Addresses.EVENT_DOCUMENTS, query -> {
      if (query.eventId() != 7L) {
        return Future.failedFuture(NanoException.notFound("no event " + query.eventId()));
      }
      return Future.succeededFuture(new EventDocuments(List.of(
          new EventDocuments.Meta(1, 7, "agenda.txt", "text/plain", AGENDA.length(), null),
          new EventDocuments.Meta(2, 7, "minutes.txt", "text/plain", MINUTES.length(), null))));
    }).completion());
    await(Bus.serve(vertx.eventBus(), Addresses.DOCUMENT_CONTENT, query -> {
      boolean agenda = query.documentId() == 1;
      String text = agenda ? AGENDA : MINUTES;
      return Future.succeededFuture(new EventDocuments.Content(agenda ? "agenda.txt" : "minutes.txt", "text/plain",
          Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
    }).completion());
  }
}
