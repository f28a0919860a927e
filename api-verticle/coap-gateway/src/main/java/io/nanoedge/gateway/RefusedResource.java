package io.nanoedge.gateway;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.coap.CoapReplies;
import io.nanoedge.coap.OnContext;
import io.vertx.core.Context;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * A seed resource kept so a thesis-style device gets a clear answer, but refused to everyone, whatever the method
 * and before the payload is read: {@code /meet}, since a room presents only when the controller decides so.
 */
final class RefusedResource extends OnContext {
  private final String why;

  RefusedResource(String name, String why, Context context) {
    super(name, context);
    getAttributes().setTitle("refused: " + why);
    this.why = why;
  }

  @Override
  public void handleRequest(Exchange exchange) {
    new CoapExchange(exchange).respond(CoapReplies.error(ErrorCode.FORBIDDEN, "/" + getName() + " is refused: " + why));
  }
}
