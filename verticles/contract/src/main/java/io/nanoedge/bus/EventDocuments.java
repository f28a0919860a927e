package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** The documents of an event as the API lists them for the room (metadata only; {@link Content} has the bytes). */
public record EventDocuments(List<Meta> documents) implements BusMessage {
  public EventDocuments {
    documents = List.copyOf(documents);
  }

  public static EventDocuments fromJson(JsonObject json) {
    Fields.onlyKnown(json, Set.of("documents"));
    return new EventDocuments(Fields.objectList(json, "documents", true, Meta::fromJson));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("documents", Fields.toArray(documents.stream().map(Meta::toJson).toList()));
  }

  /**
   * The request: the documents of {@code eventId}, for the room whose door is {@code roomLocation}; the API answers
   * 403 unless the event is booked in that room, so a room never gets another room's documents.
   */
  public record Query(long eventId, String roomLocation) implements BusMessage {
    public Query {
      roomLocation = Fields.location(roomLocation, "roomLocation");
    }

    public static Query fromJson(JsonObject json) {
      Fields.onlyKnown(json, Set.of("eventId", "roomLocation"));
      return new Query(Fields.requireLong(json, "eventId"), Fields.requireString(json, "roomLocation"));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("eventId", eventId).put("roomLocation", roomLocation);
    }
  }

  /** One document's metadata. */
  public record Meta(long id, long eventId, String name, String mediaType, int size, String createdAt)
      implements BusMessage {
    private static final Set<String> FIELDS = Set.of("id", "eventId", "name", "mediaType", "size", "createdAt");

    public static Meta fromJson(JsonObject json) {
      Fields.onlyKnown(json, FIELDS);
      return new Meta(Fields.requireLong(json, "id"), Fields.requireLong(json, "eventId"),
          Fields.requireString(json, "name"), Fields.requireString(json, "mediaType"),
          Fields.optInt(json, "size", 0, 0, Integer.MAX_VALUE), Fields.optString(json, "createdAt"));
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", id).put("eventId", eventId).put("name", name)
          .put("mediaType", mediaType).put("size", size);
      return createdAt == null ? json : json.put("createdAt", createdAt);
    }
  }

  /** The request for one document's bytes, by the room whose door is {@code roomLocation} (403 elsewhere). */
  public record ContentQuery(long eventId, long documentId, String roomLocation) implements BusMessage {
    public ContentQuery {
      roomLocation = Fields.location(roomLocation, "roomLocation");
    }

    public static ContentQuery fromJson(JsonObject json) {
      Fields.onlyKnown(json, Set.of("eventId", "documentId", "roomLocation"));
      return new ContentQuery(Fields.requireLong(json, "eventId"), Fields.requireLong(json, "documentId"),
          Fields.requireString(json, "roomLocation"));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("eventId", eventId).put("documentId", documentId).put("roomLocation", roomLocation);
    }
  }

  /** One document's bytes, base64 on the bus. */
  public record Content(String name, String mediaType, String data) implements BusMessage {
    public static Content fromJson(JsonObject json) {
      Fields.onlyKnown(json, Set.of("name", "mediaType", "data"));
      return new Content(Fields.requireString(json, "name"), Fields.requireString(json, "mediaType"),
          Fields.optString(json, "data") == null ? "" : Fields.optString(json, "data"));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("name", name).put("mediaType", mediaType).put("data", data);
    }
  }
}
