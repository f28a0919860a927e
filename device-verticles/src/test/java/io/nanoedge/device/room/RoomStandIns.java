package io.nanoedge.device.room;

import static io.nanoedge.device.DeviceTests.await;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Stand-ins for the API's document commands (built in parallel): event 7 has an agenda and minutes. */
final class RoomStandIns {
  static final String AGENDA = "Agenda\n1. Welcome Bob, Carl and David\n2. Quarterly figures\n3. Next steps";
  static final String MINUTES = "Minutes of the last meeting: budget approved.";

  private RoomStandIns() {
  }

  static void documentsOfEvent7(Vertx vertx) {
    await(Bus.serve(vertx.eventBus(), Addresses.EVENT_DOCUMENTS, body -> {
      if (body.getLong("eventId") != 7L) {
        return Future.failedFuture(NanoException.notFound("no event " + body.getLong("eventId")));
      }
      return Future.succeededFuture(new JsonObject().put("documents", new JsonArray()
          .add(new JsonObject().put("id", 1).put("name", "agenda.txt").put("mediaType", "text/plain")
              .put("size", AGENDA.length()))
          .add(new JsonObject().put("id", 2).put("name", "minutes.txt").put("mediaType", "text/plain")
              .put("size", MINUTES.length()))));
    }).completion());
    await(Bus.serve(vertx.eventBus(), Addresses.DOCUMENT_CONTENT, body -> {
      boolean agenda = body.getInteger("documentId") == 1;
      String text = agenda ? AGENDA : MINUTES;
      return Future.succeededFuture(new JsonObject().put("name", agenda ? "agenda.txt" : "minutes.txt")
          .put("mediaType", "text/plain")
          .put("data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
    }).completion());
  }
}
