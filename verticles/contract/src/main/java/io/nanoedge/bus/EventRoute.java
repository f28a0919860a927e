package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** Where a visitor admitted by hand goes for an event: the API's answer on {@code EVENT_ROUTE}. */
public record EventRoute(long eventId, String eventTitle, long roomId, String roomLocation, List<String> ledPath,
    String personName) {

  /** Reads the API's reply; extra fields are ignored so the API may say more. */
  public static EventRoute fromJson(JsonObject json) {
    String name = Fields.optString(json, "personName");
    return new EventRoute(Fields.requireLong(json, "eventId"), Fields.optString(json, "eventTitle"),
        Fields.requireLong(json, "roomId"), Fields.requireString(json, "roomLocation"),
        Fields.stringList(json, "ledPath", false), name == null ? "" : name);
  }
}
