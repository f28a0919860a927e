package io.nanoedge.device.room;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.EventDocuments;
import io.nanoedge.bus.Idle;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Present;
import io.nanoedge.bus.Presented;
import io.nanoedge.device.driver.Display;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the room shows: its idle (personal) content, or one event's documents fetched from the API over
 * the event bus, only for an event booked in this room (the API checks, the room asks as itself). Presenting the
 * event already shown is a no-op (commands may be retried); a new event
 * replaces the old one. Used from the verticle's context only.
 */
public final class RoomPresenter {
  /** Text documents are shown inline up to this many characters. */
  static final int INLINE_TEXT = 4000;

  private final EventBus bus;
  private final String door;
  private final String roomName;
  private final String idleText;
  private final Display display;
  private Long eventId;
  private Map<String, Document> documents = Map.of();

  /** One fetched document: metadata plus its bytes, served to the display page. */
  public record Document(String id, String name, String mediaType, byte[] data) {
  }

  public RoomPresenter(EventBus bus, String door, String roomName, String idleText, Display display) {
    this.bus = bus;
    this.door = door;
    this.roomName = roomName;
    this.idleText = idleText;
    this.display = display;
    display.show(state());
  }

  /** {@link Addresses#ROOM_PRESENT}: fetch the event's documents, hide the idle content, show them. */
  public Future<Presented> present(Present present) {
    if (!present.roomLocation().equals(door)) {
      throw NanoException.badRequest("this room's door is '" + door + "', not '" + present.roomLocation() + "'");
    }
    if (eventId != null && eventId == present.eventId()) {
      return Future.succeededFuture(presented());
    }
    long event = present.eventId();
    // The room asks as itself: the API refuses (403) an event that is not booked in this room.
    return Bus.request(bus, Addresses.EVENT_DOCUMENTS, new EventDocuments.Query(event, door)).compose(list -> {
      List<Future<Document>> fetches = new ArrayList<>();
      for (EventDocuments.Meta meta : list.documents()) {
        fetches.add(Bus.request(bus, Addresses.DOCUMENT_CONTENT,
            new EventDocuments.ContentQuery(event, meta.id(), door))
            .map(content -> new Document(String.valueOf(meta.id()), content.name(), content.mediaType(),
                Base64.getDecoder().decode(content.data()))));
      }
      return Future.all(fetches).map(all -> {
        Map<String, Document> fetched = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
          Document d = all.resultAt(i);
          fetched.put(d.id(), d);
        }
        return fetched;
      });
    }).recover(t -> Future.failedFuture(fetchFailure(present.eventId(), t))).map(fetched -> {
      eventId = present.eventId();
      documents = fetched;
      display.show(state());
      return presented();
    });
  }

  /**
   * "The event does not exist" stays a 404 and "not booked in this room" a 403; anything else means the documents
   * are unavailable now.
   */
  private static NanoException fetchFailure(long eventId, Throwable t) {
    ErrorCode code = ErrorCode.of(t);
    String message = "documents of event " + eventId + " cannot be fetched: " + ErrorCode.messageOf(t);
    return new NanoException(code == ErrorCode.NOT_FOUND || code == ErrorCode.FORBIDDEN ? code
        : ErrorCode.UNAVAILABLE, message);
  }

  /** {@link Addresses#ROOM_IDLE}: back to the idle content ({@code eventId}, if given, must be the one shown). */
  public Future<Idle.Done> idle(Idle request) {
    Long which = request.eventId();
    if (which != null && eventId != null && !which.equals(eventId)) {
      throw NanoException.conflict("the room shows event " + eventId + ", not event " + which);
    }
    eventId = null;
    documents = Map.of();
    display.show(state());
    return Future.succeededFuture(new Idle.Done(true));
  }

  private Presented presented() {
    return new Presented(true, documents.size());
  }

  public Document document(String id) {
    return documents.get(id);
  }

  /** What the display shows now, {@code idle} or {@code meeting}, without building the whole state. */
  public String mode() {
    return eventId == null ? "idle" : "meeting";
  }

  /** The display state: the page renders exactly this. */
  public JsonObject state() {
    JsonObject state = new JsonObject().put("room", roomName);
    if (eventId == null) {
      return state.put("mode", "idle").put("text", idleText);
    }
    JsonArray docs = new JsonArray();
    documents.values().forEach(d -> {
      JsonObject item = new JsonObject().put("id", d.id()).put("name", d.name()).put("mediaType", d.mediaType())
          .put("size", d.data().length).put("url", "/documents/" + d.id());
      if (d.mediaType().startsWith("text/")) {
        String text = new String(d.data(), StandardCharsets.UTF_8);
        item.put("text", text.length() > INLINE_TEXT ? text.substring(0, INLINE_TEXT) + "…" : text);
      }
      docs.add(item);
    });
    return state.put("mode", "meeting").put("eventId", eventId).put("documents", docs);
  }
}
