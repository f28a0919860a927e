package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * A point-to-point command: its address and the types of its request and of its reply, so a sender and a server
 * agree on both and neither builds nor picks apart JSON by hand ({@link Bus#request}, {@link Bus#serve}).
 */
public record Command<Q extends BusMessage, R extends BusMessage>(String address, Function<JsonObject, Q> request,
    Function<JsonObject, R> reply) {

  public static <Q extends BusMessage, R extends BusMessage> Command<Q, R> of(String address,
      Function<JsonObject, Q> request, Function<JsonObject, R> reply) {
    return new Command<>(address, request, reply);
  }

  /**
   * A command served once per location or node: the address is {@code prefix} + the id
   * ({@code nanoedge.ble.scan.entrance}).
   */
  public record PerId<Q extends BusMessage, R extends BusMessage>(String prefix, Function<JsonObject, Q> request,
      Function<JsonObject, R> reply) {

    public Command<Q, R> at(String id) {
      return new Command<>(prefix + id, request, reply);
    }
  }

  public static <Q extends BusMessage, R extends BusMessage> PerId<Q, R> perId(String prefix,
      Function<JsonObject, Q> request, Function<JsonObject, R> reply) {
    return new PerId<>(prefix, request, reply);
  }
}
