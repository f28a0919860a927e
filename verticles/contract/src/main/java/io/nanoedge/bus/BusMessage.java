package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;

/**
 * A body on the event bus: an immutable record with its JSON form. Each type also has a static
 * {@code fromJson(JsonObject)} that validates and names the bad field; {@link Command} and {@link Fact} name it.
 */
public interface BusMessage {
  JsonObject toJson();
}
