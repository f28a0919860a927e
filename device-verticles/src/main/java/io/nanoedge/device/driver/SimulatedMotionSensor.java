package io.nanoedge.device.driver;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/** A PIR that fires when told to (the shell's {@code simulate motion}, tests): one short high pulse. */
public final class SimulatedMotionSensor implements MotionSensor {
  private Handler<Edge> edges;

  @Override
  public String driver() {
    return "sim";
  }

  @Override
  public Future<Void> start(Handler<Edge> edges) {
    this.edges = edges;
    return Future.succeededFuture();
  }

  /** Someone walks past: the output goes high and low again. Call on the owning verticle's context. */
  public void fire() {
    if (edges != null) {
      edges.handle(Edge.now(true));
      edges.handle(Edge.now(false));
    }
  }

  @Override
  public Future<Void> stop() {
    edges = null;
    return Future.succeededFuture();
  }
}
