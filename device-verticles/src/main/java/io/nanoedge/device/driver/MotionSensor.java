package io.nanoedge.device.driver;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * A PIR (or anything that reports movement) at one location. Drivers report raw edges; debouncing and
 * hold time are the caller's job ({@link MotionDebouncer}), so every driver behaves the same.
 */
public interface MotionSensor {
  /** Driver name as configured: {@code sim}, {@code pi4j} or {@code coap}. */
  String driver();

  /** Starts reporting edges; {@code edges} is called on the owning verticle's context. */
  Future<Void> start(Handler<Edge> edges);

  Future<Void> stop();

  /** One level change of the sensor output, stamped where it happened (before any queueing). */
  record Edge(boolean high, long nanos) {
    public static Edge now(boolean high) {
      return new Edge(high, System.nanoTime());
    }
  }
}
