package io.nanoedge.device.driver;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.provider.exception.ProviderException;
import io.nanoedge.bus.NanoException;
import io.nanoedge.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one Pi4J context of a node (one per Vert.x instance, shared by presence, LED and room drivers) and
 * the register of claimed BCM pins, so two roles configured on the same pin fail at start with a clear
 * message instead of fighting over the line. The context is shut down when the last pin is released.
 */
public final class Gpio {
  private static final Map<Vertx, Future<Gpio>> NODES = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final Context context;
  private final String provider;
  private final Map<Integer, String> owners = new HashMap<>();

  private Gpio(Vertx vertx, Context context, String provider) {
    this.vertx = vertx;
    this.context = context;
    this.provider = provider;
  }

  /** The node's GPIO for {@code provider} ({@code gpiod},
      {@code linuxfs} or {@code mock}); creates the context off the event loop. */
  public static Future<Gpio> of(Vertx vertx, String provider) {
    return NODES.computeIfAbsent(vertx, v -> v.executeBlocking(() -> new Gpio(v, create(provider), provider))
            .onFailure(t -> NODES.remove(v)))
        .compose(gpio -> gpio.provider.equals(provider) ? Future.succeededFuture(gpio)
            : Future.failedFuture(new ConfigException("configuration key 'gpio.provider': this node already uses "
                + gpio.provider)));
  }

  /** A context with the named provider only; mock providers are added explicitly (auto-detection loads none). */
  static Context create(String provider) {
    if (provider.equals("mock")) {
      return Pi4J.newContextBuilder()
          .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
    }
    return Pi4J.newContextBuilder().autoDetect().build();
  }

  public Context context() {
    return context;
  }

  public String inputProvider() {
    return provider + "-digital-input";
  }

  public String outputProvider() {
    return provider + "-digital-output";
  }

  /**
   * Creates an I/O of this node's provider; a provider Pi4J did not load (gpiod off a Raspberry Pi, or
   * without /dev/gpiochip*) becomes a 503 saying so instead of Pi4J's "include this provider JAR".
   */
  public <T> T create(Supplier<T> io) {
    try {
      return io.get();
    } catch (ProviderException e) {
      throw NanoException.unavailable("GPIO provider '" + provider + "' is not available on this machine (Pi4J: "
          + e.getMessage() + "); on a Raspberry Pi give the container /dev/gpiochip0, elsewhere use a sim driver "
          + "or gpio.provider=mock");
    }
  }

  /** Reserves a pin for {@code owner}; a pin already held by someone else is a configuration error. */
  public synchronized void claim(int pin, String owner) {
    String holder = owners.get(pin);
    if (holder != null) {
      throw new ConfigException("GPIO pin " + pin + " is configured twice: for " + holder + " and for " + owner);
    }
    owners.put(pin, owner);
  }

  /** Frees a pin; the last release shuts the Pi4J context down (off the event loop). */
  public Future<Void> release(int pin) {
    boolean last;
    synchronized (this) {
      owners.remove(pin);
      last = owners.isEmpty();
    }
    if (!last) {
      return Future.succeededFuture();
    }
    NODES.remove(vertx);
    return vertx.executeBlocking(() -> {
      context.shutdown();
      return null;
    });
  }

  /** The Pi4J id of a pin's I/O, so tests and tools can find it in the context's registry. */
  public static String ioId(int pin) {
    return "bcm-" + pin;
  }
}
