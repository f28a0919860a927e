package io.nanoedge.api.coap;

import io.nanoedge.api.front.Operation;
import io.nanoedge.coap.OnContext;
import io.vertx.core.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * One segment of an API path ({@code api}, {@code persons}, {@code {id}}…) as a CoAP resource. A segment
 * named {@code {x}} is a wildcard: {@link #getChild} hands it any name without a fixed child of that name.
 * Requests are handed to the {@link CoapFront}, which runs the same operations as HTTP.
 */
final class PathResource extends OnContext {
  private final String template;
  private final CoapFront front;
  private final Context context;
  private final Map<String, Operation> operations = new LinkedHashMap<>();
  private PathResource wildcard;

  PathResource(String name, String template, CoapFront front, Context context) {
    super(name, context);
    this.template = template;
    this.front = front;
    this.context = context;
  }

  /** The child for {@code segment}, created on first use. */
  PathResource child(String segment) {
    Resource fixed = super.getChild(segment);
    if (fixed instanceof PathResource existing) {
      return existing;
    }
    PathResource created = new PathResource(segment, template + "/" + segment, front, context);
    add(created);
    if (segment.startsWith("{")) {
      wildcard = created;
    }
    return created;
  }

  void operation(Operation op) {
    operations.put(op.method(), op);
  }

  Operation operation(String method) {
    return operations.get(method);
  }

  List<String> methods() {
    return List.copyOf(operations.keySet());
  }

  String template() {
    return template;
  }

  @Override
  public Resource getChild(String name) {
    Resource fixed = super.getChild(name);
    return fixed != null ? fixed : wildcard;
  }

  @Override
  public void handleRequest(Exchange exchange) {
    front.dispatch(this, exchange);
  }
}
