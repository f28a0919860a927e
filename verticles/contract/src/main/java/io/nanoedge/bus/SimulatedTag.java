package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A beacon put in range of a simulated scanner (the shell's {@code simulate tag}) for {@code seconds}; the scanner
 * checks the raw tag id, which stays on its node. {@link InRange} is the scanner's reply.
 */
public record SimulatedTag(String tag, int seconds, int rssi) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("tag", "seconds", "rssi");

  public SimulatedTag {
    Fields.nonBlank(tag, "tag");
  }

  public static SimulatedTag fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new SimulatedTag(Fields.requireString(json, "tag"), Fields.optInt(json, "seconds", 10, 1, 3600),
        Fields.optInt(json, "rssi", -60, -127, 20));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("tag", tag).put("seconds", seconds).put("rssi", rssi);
  }

  /** The scanner's reply: where and for how long the beacon is in range. */
  public record InRange(String location, int seconds, int rssi) implements BusMessage {
    public static InRange fromJson(JsonObject json) {
      Fields.onlyKnown(json, Set.of("location", "seconds", "rssi"));
      return new InRange(Fields.requireString(json, "location"), Fields.requireInt(json, "seconds", 1, 3600),
          Fields.requireInt(json, "rssi", -127, 20));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("location", location).put("seconds", seconds).put("rssi", rssi);
    }
  }
}
