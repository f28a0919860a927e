package io.nanoedge.device.driver;

import io.vertx.core.Future;

/** LEDs kept in memory, for the shell, the demo and tests. */
public final class SimulatedLedOutput implements LedOutput {
  private volatile boolean on;

  @Override
  public String driver() {
    return "sim";
  }

  @Override
  public void set(boolean on) {
    this.on = on;
  }

  public boolean on() {
    return on;
  }

  @Override
  public Future<Void> close() {
    on = false;
    return Future.succeededFuture();
  }
}
