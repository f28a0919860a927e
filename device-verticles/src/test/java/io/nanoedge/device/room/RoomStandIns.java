package io.nanoedge.device.room;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
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
  /** The door of the room event 7 is booked in, as the API stand-in knows it. */
  static final String BOOKED_IN = "room-r";
  static final String MINUTES = "Minutes of the last meeting: budget approved.";

  private RoomStandIns() {
  }

  static void documentsOfEvent7(Vertx vertx) {
    await(Bus.serve(vertx.eventBus(), Addresses.EVENT_DOCUMENTS, query -> {
      if (query.eventId() != 7L) {
        return Future.failedFuture(NanoException.notFound("no event " + query.eventId()));
      }
      if (!query.roomLocation().equals(BOOKED_IN)) {
        return Future.failedFuture(ErrorCode.FORBIDDEN.exception("event 7 is not booked in the room at "
            + query.roomLocation()));
      }
      return Future.succeededFuture(new EventDocuments(List.of(
          new EventDocuments.Meta(1, 7, "agenda.txt", "text/plain", AGENDA.length(), null),
          new EventDocuments.Meta(2, 7, "minutes.txt", "text/plain", MINUTES.length(), null))));
    }).completion());
    await(Bus.serve(vertx.eventBus(), Addresses.DOCUMENT_CONTENT, query -> {
      if (!query.roomLocation().equals(BOOKED_IN)) {
        return Future.failedFuture(ErrorCode.FORBIDDEN.exception("event 7 is not booked in the room at "
            + query.roomLocation()));
      }
      boolean agenda = query.documentId() == 1;
      String text = agenda ? AGENDA : MINUTES;
      return Future.succeededFuture(new EventDocuments.Content(agenda ? "agenda.txt" : "minutes.txt", "text/plain",
          Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
    }).completion());
  }
}
