package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The guide agent itself: a journey's guidance state travelling from LED node to LED node. The node at
 * {@code path[position]} blinks its segment, then sends the agent on with {@code position + 1} when
 * presence along the path sees the person or {@code segmentMs} pass, until {@code deadline} or a
 * {@link GuideStop}. {@code v} versions this shape, since it is stored in flight.
 */
public record GuideHop(int v, String journeyId, String roomLocation, List<String> path, int position,
    int segmentMs, Instant deadline) implements BusMessage {
  public static final int VERSION = 1;
  private static final Set<String> FIELDS = Set.of("v", "journeyId", "roomLocation", "path", "position",
      "segmentMs", "deadline");

  public GuideHop {
    if (v != VERSION) {
      throw NanoException.badRequest("field 'v' must be " + VERSION);
    }
    if (journeyId == null || journeyId.isBlank()) {
      throw NanoException.badRequest("field 'journeyId' is required");
    }
    if (roomLocation == null || roomLocation.isBlank()) {
      throw NanoException.badRequest("field 'roomLocation' is required");
    }
    path = List.copyOf(path);
    if (path.isEmpty()) {
      throw NanoException.badRequest("field 'path' must name at least one LED node");
    }
    if (position < 0 || position >= path.size()) {
      throw NanoException.badRequest("field 'position' must be between 0 and " + (path.size() - 1));
    }
    if (segmentMs < 1) {
      throw NanoException.badRequest("field 'segmentMs' must be 1 or more");
    }
    if (deadline == null) {
      throw NanoException.badRequest("field 'deadline' is required");
    }
  }

  public static GuideHop start(String journeyId, String roomLocation, List<String> path, int segmentMs,
      Instant deadline) {
    return new GuideHop(VERSION, journeyId, roomLocation, path, 0, segmentMs, deadline);
  }

  public static GuideHop fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new GuideHop(Fields.requireInt(json, "v", 0, Integer.MAX_VALUE), Fields.requireString(json, "journeyId"),
        Fields.requireString(json, "roomLocation"), Fields.stringList(json, "path", true),
        Fields.requireInt(json, "position", 0, Integer.MAX_VALUE),
        Fields.requireInt(json, "segmentMs", 1, Integer.MAX_VALUE), Fields.requireInstant(json, "deadline"));
  }

  public String node() {
    return path.get(position);
  }

  public boolean last() {
    return position == path.size() - 1;
  }

  /** The agent one node further on; at the last node it stays where it is. */
  public GuideHop next() {
    return last() ? this : new GuideHop(v, journeyId, roomLocation, path, position + 1, segmentMs, deadline);
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("v", v).put("journeyId", journeyId).put("roomLocation", roomLocation)
        .put("path", Fields.toArray(path)).put("position", position).put("segmentMs", segmentMs)
        .put("deadline", deadline.toString());
  }
}
