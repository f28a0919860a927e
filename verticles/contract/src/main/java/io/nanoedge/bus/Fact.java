package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** A published fact: its address and the type of its body ({@link Bus#publish}, {@link Bus#subscribe}). */
public record Fact<T extends BusMessage>(String address, Function<JsonObject, T> body) {

  public static <T extends BusMessage> Fact<T> of(String address, Function<JsonObject, T> body) {
    return new Fact<>(address, body);
  }
}
