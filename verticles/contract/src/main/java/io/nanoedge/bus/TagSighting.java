package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** One tag seen by a scanner: its keyed hash (never the raw id) and the strongest RSSI in the window. */
public record TagSighting(String hash, int rssi) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("hash", "rssi");

  public TagSighting {
    TagHash.requireValid(hash, "hash");
    if (rssi < -127 || rssi > 20) {
      throw NanoException.badRequest("field 'rssi' must be between -127 and 20 dBm");
    }
  }

  public static TagSighting fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new TagSighting(Fields.requireString(json, "hash"), Fields.requireInt(json, "rssi", -127, 20));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("hash", hash).put("rssi", rssi);
  }
}
