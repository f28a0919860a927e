package io.nanoedge.device.driver;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** Chooses a driver implementation from configuration: which hardware a node has is configuration, not code. */
public final class Drivers {
  private Drivers() {
  }

  /** A PIR for {@code driver} ({@code sim}, {@code pi4j}, {@code coap}); {@code claimant} names it in pin conflicts. */
  public static MotionSensor motionSensor(Vertx vertx, NanoConfig config, String driver, int pin, int coapPort,
      String claimant) {
    return switch (driver) {
      case "sim" -> new SimulatedMotionSensor();
      case "pi4j" -> new Pi4jMotionSensor(vertx, config.string(Keys.GPIO_PROVIDER), pin, claimant);
      case "coap" -> new CoapMotionSensor(vertx, "0.0.0.0", coapPort);
      default -> throw new ConfigException("unknown PIR driver '" + driver + "' (known: sim, pi4j, coap)");
    };
  }

  /** A BLE scanner for {@code driver} ({@code sim}, {@code bluez}). */
  public static Future<TagScanner> tagScanner(Vertx vertx, NanoConfig config, String driver) {
    return switch (driver) {
      case "sim" -> Future.succeededFuture(new SimulatedTagScanner(vertx));
      case "bluez" -> BluezTagScanner.open(vertx, config.string(Keys.BLE_ADAPTER)).map(s -> (TagScanner) s);
      default -> Future.failedFuture(new ConfigException("unknown BLE driver '" + driver + "' (known: sim, bluez)"));
    };
  }

  /** The LED output of this node's segment from {@code led.driver} and its keys. */
  public static Future<LedOutput> ledOutput(Vertx vertx, NanoConfig config, String claimant) {
    String driver = config.string(Keys.LED_DRIVER);
    try {
      return switch (driver) {
        case "sim" -> Future.succeededFuture(new SimulatedLedOutput());
        case "pi4j" -> Pi4jLedOutput.open(vertx, config.string(Keys.GPIO_PROVIDER), pins(config), claimant)
            .map(o -> (LedOutput) o);
        case "coap" -> CoapLedOutput.open(vertx, config.string(Keys.LED_COAP_URI));
        default -> throw new ConfigException("unknown LED driver '" + driver + "' (known: sim, pi4j, coap)");
      };
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
  }

  static List<Integer> pins(NanoConfig config) {
    List<Integer> pins = new ArrayList<>();
    for (String raw : config.list(Keys.LED_PINS)) {
      int pin;
      try {
        pin = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        pin = -1;
      }
      if (pin < 0 || pin > 27) {
        throw new ConfigException("configuration key 'led.pins' must list BCM pins between 0 and 27, got '" + raw + "'");
      }
      if (pins.contains(pin)) {
        throw new ConfigException("configuration key 'led.pins' lists pin " + pin + " twice");
      }
      pins.add(pin);
    }
    if (pins.isEmpty()) {
      throw new ConfigException("configuration key 'led.pins' must list at least one BCM pin for the pi4j driver");
    }
    return pins;
  }
}
