package io.nanoedge.device;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Empty;
import io.nanoedge.device.driver.MotionDebouncer;
import io.nanoedge.device.driver.MotionSensor;
import io.nanoedge.device.driver.SimulatedMotionSensor;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;

/**
 * A PIR at a location as the presence and room roles use it: the driver's edges go through the debouncer,
 * and a simulated PIR also answers {@link Addresses#SIMULATE_MOTION} (the shell's {@code simulate motion}).
 */
public final class PirInput {
  private final Vertx vertx;
  private final MotionSensor sensor;
  private final MotionDebouncer debouncer;
  private final String location;
  private MessageConsumer<Object> simulate;

  public PirInput(Vertx vertx, MotionSensor sensor, MotionDebouncer debouncer, String location) {
    this.vertx = vertx;
    this.sensor = sensor;
    this.debouncer = debouncer;
    this.location = location;
  }

  /** Starts the sensor; {@code motions} gets one call per debounced motion, on the caller's context. */
  public Future<Void> start(Handler<Instant> motions) {
    Future<Void> simulated = Future.succeededFuture();
    if (sensor instanceof SimulatedMotionSensor sim) {
      simulate = Bus.serve(vertx.eventBus(), Addresses.SIMULATE_MOTION.at(location), nothing -> {
        sim.fire();
        return Future.succeededFuture(Empty.INSTANCE);
      });
      simulated = simulate.completion();
    }
    return Future.join(simulated, sensor.start(edge -> {
      if (debouncer.accept(edge)) {
        motions.handle(Instant.now());
      }
    })).mapEmpty();
  }

  public Future<Void> stop() {
    Future<Void> unregistered = simulate == null ? Future.succeededFuture() : simulate.unregister();
    return Future.join(unregistered, sensor.stop()).mapEmpty();
  }
}
