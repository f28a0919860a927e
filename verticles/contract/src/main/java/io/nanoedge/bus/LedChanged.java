package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** An LED node's segment changed pattern ({@code off}, {@code on}, {@code blink}), for logs, tests and the shell. */
public record LedChanged(String node, String pattern, int journeys, String driver, String at)
    implements BusMessage {
  public static LedChanged fromJson(JsonObject json) {
    Fields.onlyKnown(json, Set.of("node", "pattern", "journeys", "driver", "at"));
    return new LedChanged(Fields.requireString(json, "node"), Fields.requireString(json, "pattern"),
        Fields.optInt(json, "journeys", 0, 0, Integer.MAX_VALUE), Fields.optString(json, "driver"),
        Fields.optString(json, "at"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("pattern", pattern).put("journeys", journeys).put("driver", driver)
        .put("at", at);
  }
}
