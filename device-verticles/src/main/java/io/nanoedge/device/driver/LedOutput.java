package io.nanoedge.device.driver;

import io.vertx.core.Future;

/** The LEDs of one node's path segment, switched together. Patterns (blink) are built on top. */
public interface LedOutput {
  /** Driver name as configured: {@code sim}, {@code pi4j} or {@code coap}. */
  String driver();

  /** Switches the segment; must not block (remote drivers send asynchronously). */
  void set(boolean on);

  Future<Void> close();
}
