package io.nanoedge.device.driver;

import io.vertx.core.Future;

/** LEDs kept in memory: the state and how often it changed, for the shell, the demo and tests. */
public final class SimulatedLedOutput implements LedOutput {
  private volatile boolean on;
  private volatile long switches;

  @Override
  public String driver() {
    return "sim";
  }

  @Override
  public void set(boolean on) {
    if (this.on != on) {
      switches++;
    }
    this.on = on;
  }

  public boolean on() {
    return on;
  }

  public long switches() {
    return switches;
  }

  @Override
  public Future<Void> close() {
    on = false;
    return Future.succeededFuture();
  }
}
