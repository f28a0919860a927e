package io.nanoedge.coap;

import io.vertx.core.Context;
import java.util.concurrent.Executor;
import org.eclipse.californium.core.CoapResource;

/**
 * A CoAP resource whose exchanges run on a Vert.x context: Californium asks a resource for its executor before it
 * handles a request, and children inherit their parent's, so a tree under one of these touches verticle state on
 * the verticle's own context only (as Hono's root resource does).
 */
public class OnContext extends CoapResource {
  private final Executor executor;

  public OnContext(String name, Context context) {
    super(name);
    this.executor = task -> context.runOnContext(v -> task.run());
  }

  @Override
  public Executor getExecutor() {
    return executor;
  }
}
