package io.nanoedge.device.driver;

import io.nanoedge.config.ConfigException;
import io.nanoedge.device.DeviceSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Chooses a driver implementation from the settings: which hardware a node has is configuration, not code. */
public final class Drivers {
  private Drivers() {
  }

  /** A PIR for its driver ({@code sim}, {@code pi4j}, {@code coap}); {@code claimant} names it in pin conflicts. */
  public static MotionSensor motionSensor(Vertx vertx, DeviceSettings.Pir pir, String claimant) {
    return switch (pir.driver()) {
      case "sim" -> new SimulatedMotionSensor();
      case "pi4j" -> new Pi4jMotionSensor(vertx, pir.gpioProvider(), pir.pin(), claimant);
      case "coap" -> new CoapMotionSensor(vertx, pir.coapPort(), pir.location(), pir.coap());
      default -> throw new ConfigException("unknown PIR driver '" + pir.driver() + "' (known: sim, pi4j, coap)");
    };
  }

  /** A BLE scanner for its driver ({@code sim}, {@code bluez}). */
  public static Future<TagScanner> tagScanner(Vertx vertx, DeviceSettings.Scanner scanner) {
    return switch (scanner.driver()) {
      case "sim" -> Future.succeededFuture(new SimulatedTagScanner(vertx));
      case "bluez" -> BluezTagScanner.open(vertx, scanner.adapter()).map(s -> (TagScanner) s);
      default -> Future.failedFuture(new ConfigException("unknown BLE driver '" + scanner.driver()
          + "' (known: sim, bluez)"));
    };
  }

  /** The LED output of this node's segment. */
  public static Future<LedOutput> ledOutput(Vertx vertx, DeviceSettings.Led led, String claimant) {
    try {
      return switch (led.driver()) {
        case "sim" -> Future.succeededFuture(new SimulatedLedOutput());
        case "pi4j" -> Pi4jLedOutput.open(vertx, led.gpioProvider(), led.pins(), claimant).map(o -> (LedOutput) o);
        case "coap" -> CoapLedOutput.open(vertx, led.coapUri(), led.coapCredential(), led.coap().plain());
        default -> throw new ConfigException("unknown LED driver '" + led.driver() + "' (known: sim, pi4j, coap)");
      };
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
  }
}
