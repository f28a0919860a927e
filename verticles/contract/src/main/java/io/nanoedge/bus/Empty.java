package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;

/** The body of a command or fact that carries nothing ({@code {}}); anything else in it is a 400. */
public record Empty() implements BusMessage {
  public static final Empty INSTANCE = new Empty();

  public static Empty fromJson(JsonObject json) {
    if (!json.isEmpty()) {
      throw NanoException.badRequest("the body must be an empty JSON object {}");
    }
    return INSTANCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }
}
