package io.nanoedge.device.driver;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** A node's LED segment on BCM output pins through Pi4J; every pin low at start and at shutdown. */
public final class Pi4jLedOutput implements LedOutput {
  private final Vertx vertx;
  private final String provider;
  private final List<Integer> pins;
  private final String claimant;
  private final List<DigitalOutput> outputs = new ArrayList<>();
  private Gpio gpio;

  private Pi4jLedOutput(Vertx vertx, String provider, List<Integer> pins, String claimant) {
    this.vertx = vertx;
    this.provider = provider;
    this.pins = List.copyOf(pins);
    this.claimant = claimant;
  }

  /** Claims the pins and creates the outputs (off the event loop). */
  public static Future<Pi4jLedOutput> open(Vertx vertx, String provider, List<Integer> pins, String claimant) {
    Pi4jLedOutput led = new Pi4jLedOutput(vertx, provider, pins, claimant);
    return Gpio.of(vertx, provider).compose(g -> {
      List<Integer> claimed = new ArrayList<>();
      try {
        for (int pin : pins) {
          g.claim(pin, claimant);
          claimed.add(pin);
        }
      } catch (RuntimeException e) {
        claimed.forEach(g::release);
        return Future.failedFuture(e);
      }
      led.gpio = g;
      return vertx.executeBlocking(() -> {
        for (int pin : pins) {
          led.outputs.add(g.create(() -> g.context().create(DigitalOutput.newConfigBuilder(g.context())
              .id(Gpio.ioId(pin)).name(claimant).address(pin).initial(DigitalState.LOW)
              .shutdown(DigitalState.LOW).provider(g.outputProvider()).build())));
        }
        return led;
      }).recover(t -> {
        Future<Void> chain = Future.succeededFuture();
        for (int pin : pins) {
          chain = chain.compose(x -> g.release(pin));
        }
        return chain.transform(r -> Future.failedFuture(t));
      });
    });
  }

  @Override
  public String driver() {
    return "pi4j";
  }

  /** Writing a GPIO line is a non-blocking register/ioctl write, cheap enough for the event loop. */
  @Override
  public void set(boolean on) {
    for (DigitalOutput out : outputs) {
      out.state(on ? DigitalState.HIGH : DigitalState.LOW);
    }
  }

  @Override
  public Future<Void> close() {
    if (gpio == null) {
      return Future.succeededFuture();
    }
    Gpio g = gpio;
    gpio = null;
    return vertx.executeBlocking(() -> {
      for (DigitalOutput out : outputs) {
        out.low();
        g.context().shutdown(out.id());
      }
      return null;
    }).compose(v -> {
      Future<Void> chain = Future.succeededFuture();
      for (int pin : pins) {
        chain = chain.compose(x -> g.release(pin));
      }
      return chain;
    });
  }
}
