package io.nanoedge.device.driver;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/** A PIR on a BCM pin through Pi4J: input with pull-down; Pi4J's listener thread hops to the verticle context. */
public final class Pi4jMotionSensor implements MotionSensor {
  private final Vertx vertx;
  private final Context owner;
  private final String provider;
  private final int pin;
  private final String claimant;
  private Gpio gpio;
  private DigitalInput input;

  /** {@code claimant} names who uses the pin in a conflict message, e.g. "presence (entrance)". */
  public Pi4jMotionSensor(Vertx vertx, String provider, int pin, String claimant) {
    this.vertx = vertx;
    this.owner = vertx.getOrCreateContext();
    this.provider = provider;
    this.pin = pin;
    this.claimant = claimant;
  }

  @Override
  public String driver() {
    return "pi4j";
  }

  @Override
  public Future<Void> start(Handler<Edge> edges) {
    return Gpio.of(vertx, provider).compose(g -> {
      g.claim(pin, claimant);
      return vertx.executeBlocking(() -> {
        DigitalInput in = g.create(() -> g.context().create(DigitalInput.newConfigBuilder(g.context())
            .id(Gpio.ioId(pin)).name(claimant).address(pin).pull(PullResistance.PULL_DOWN)
            .provider(g.inputProvider()).build()));
        in.addListener((DigitalStateChangeListener) event -> {
          Edge edge = Edge.now(event.state().isHigh());
          owner.runOnContext(v -> edges.handle(edge));
        });
        return in;
      }).recover(t -> g.release(pin).transform(r -> Future.<DigitalInput>failedFuture(t)))
          .map(in -> {
            // Only a started input is stopped later: a failed start has already released its pin.
            gpio = g;
            input = in;
            return null;
          });
    });
  }

  @Override
  public Future<Void> stop() {
    if (gpio == null) {
      return Future.succeededFuture();
    }
    Gpio g = gpio;
    gpio = null;
    return vertx.executeBlocking(() -> {
      g.context().shutdown(input.id());
      return null;
    }).compose(v -> g.release(pin));
  }
}
