package io.nanoedge.device;

import io.nanoedge.bus.TagHash;
import io.nanoedge.coap.CoapKeys;
import io.nanoedge.coap.DeviceDtls;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The typed, checked settings of the device roles, read once at start from the node's configuration, so a bad
 * value stops the role at once with a message naming the key. Drivers take these, never the raw configuration.
 */
public final class DeviceSettings {
  private DeviceSettings() {
  }

  /**
   * A PIR: its driver, where it is wired, the location it reports for (a CoAP PIR must be a device registered
   * there), and the debounce every PIR of the node shares.
   */
  public record Pir(String driver, String location, int pin, int coapPort, int debounceMs, int holdMs,
      String gpioProvider, CoapDevices coap) {
  }

  /**
   * How the CoAP drivers meet their devices: over DTLS with registered device credentials (kept for
   * {@code credentialTtl}, asked of the API within {@code busTimeout}), or plain CoAP where the site said so.
   */
  public record CoapDevices(String host, boolean plain, DeviceDtls.Limits secureLimits, DeviceDtls.Limits plainLimits,
      Duration credentialTtl, Duration busTimeout) {
    static CoapDevices from(NanoConfig config) {
      return new CoapDevices(config.string(CoapKeys.COAP_HOST), config.bool(CoapKeys.DEVICE_PLAIN),
          CoapKeys.deviceLimits(config, true), CoapKeys.deviceLimits(config, false),
          Duration.ofMillis(config.integer(Keys.DEVICE_CACHE_MS)),
          Duration.ofMillis(config.integer(Keys.BUS_TIMEOUT_MS)));
    }
  }

  /** The credential a node uses to reach a CoAP LED device over DTLS: that device's registered id and key. */
  public record LedCredential(String identity, byte[] key) {
    static LedCredential from(NanoConfig config) {
      String identity = config.string(DeviceKeys.LED_COAP_IDENTITY);
      String encoded = config.string(DeviceKeys.LED_COAP_KEY).strip();
      if (identity.isEmpty() && encoded.isEmpty()) {
        return null;
      }
      if (identity.isEmpty() || encoded.isEmpty()) {
        throw new ConfigException("configuration keys 'led.coap-identity' and 'led.coap-key' (or led.coap-key-file) "
            + "must be set together");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("configuration key 'led.coap-key' must be the device's key in base64 (the psk "
            + "POST /api/devices showed)");
      }
      if (key.length < DeviceDtls.MIN_KEY_BYTES) {
        throw new ConfigException("configuration key 'led.coap-key' must hold at least " + DeviceDtls.MIN_KEY_BYTES
            + " bytes, got " + key.length);
      }
      return new LedCredential(identity, key);
    }
  }

  /** A BLE scanner: its driver and adapter, and the hashing rules (the tag key and the RSSI floor). */
  public record Scanner(String driver, String adapter, TagHash tagHash, int rssiFloor) {
    static Scanner from(NanoConfig config, String driver, String role) {
      String key = config.string(Keys.TAG_KEY);
      if (key.length() < TagHash.MIN_KEY_LENGTH) {
        throw new ConfigException("configuration key 'tag.key' must be set (at least " + TagHash.MIN_KEY_LENGTH
            + " characters, the same as on the API) for the " + role + " role");
      }
      return new Scanner(driver, config.string(DeviceKeys.BLE_ADAPTER), new TagHash(key),
          config.integer(DeviceKeys.BLE_RSSI_FLOOR));
    }
  }

  /** The presence role: a PIR at {@code location}, and whether motions also go to the controller as DETECT. */
  public record Presence(String node, String location, Pir pir, boolean detect, Duration detectTimeout,
      int detectRetryMs) {
    public static Presence from(NanoConfig config) {
      return new Presence(config.string(Keys.NODE_ID), config.string(DeviceKeys.PRESENCE_LOCATION),
          pirOf(config, config.string(DeviceKeys.PRESENCE_DRIVER), config.string(DeviceKeys.PRESENCE_LOCATION),
              config.integer(DeviceKeys.PRESENCE_PIN), config.integer(DeviceKeys.PRESENCE_COAP_PORT)),
          config.bool(DeviceKeys.PRESENCE_DETECT), Duration.ofMillis(config.integer(Keys.BUS_TIMEOUT_MS)),
          config.integer(DeviceKeys.PRESENCE_DETECT_RETRY_MS));
    }
  }

  /** The ble role: the scanner answering scan requests for {@code location}. */
  public record Ble(String node, String location, Scanner scanner) {
    public static Ble from(NanoConfig config) {
      return new Ble(config.string(Keys.NODE_ID), config.string(DeviceKeys.BLE_LOCATION),
          Scanner.from(config, config.string(DeviceKeys.BLE_DRIVER), "ble"));
    }
  }

  /** The led role: LED node {@code ledNode} with its driver; {@code pins} only for the pi4j driver. */
  public record Led(String node, String ledNode, String location, String driver, List<Integer> pins, int blinkMs,
      String coapUri, String gpioProvider, LedCredential coapCredential, CoapDevices coap) {
    public static Led from(NanoConfig config) {
      String driver = config.string(DeviceKeys.LED_DRIVER);
      return new Led(config.string(Keys.NODE_ID), config.string(DeviceKeys.LED_NODE),
          config.string(DeviceKeys.LED_LOCATION), driver, driver.equals("pi4j") ? pins(config) : List.of(),
          config.integer(DeviceKeys.LED_BLINK_MS), config.string(DeviceKeys.LED_COAP_URI),
          config.string(DeviceKeys.GPIO_PROVIDER), driver.equals("coap") ? LedCredential.from(config) : null,
          CoapDevices.from(config));
    }

    private static List<Integer> pins(NanoConfig config) {
      List<Integer> pins = new ArrayList<>();
      for (String raw : config.list(DeviceKeys.LED_PINS)) {
        int pin;
        try {
          pin = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
          pin = -1;
        }
        if (pin < 0 || pin > 27) {
          throw new ConfigException("configuration key 'led.pins' must list BCM pins between 0 and 27, got '" + raw
              + "'");
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

  /** The room role: the door's PIR and scanner, the display, and what it shows when idle. */
  public record Room(String node, String location, String name, String idleText, Pir doorPir, Scanner doorScanner,
      Duration scanWindow, Kiosk display) {
    public static Room from(NanoConfig config) {
      return new Room(config.string(Keys.NODE_ID), config.string(DeviceKeys.ROOM_LOCATION),
          config.string(DeviceKeys.ROOM_NAME), config.string(DeviceKeys.ROOM_IDLE_TEXT),
          pirOf(config, config.string(DeviceKeys.ROOM_PRESENCE_DRIVER), config.string(DeviceKeys.ROOM_LOCATION),
              config.integer(DeviceKeys.ROOM_PIN), config.integer(DeviceKeys.ROOM_COAP_PORT)),
          Scanner.from(config, config.string(DeviceKeys.ROOM_BLE_DRIVER), "room"),
          Duration.ofMillis(config.integer(DeviceKeys.ROOM_SCAN_WINDOW_MS)), Kiosk.from(config));
    }
  }

  /** The room display's server: where it listens, the kiosk's pairing code, its stream cap and idle timeout. */
  public record Kiosk(String host, int port, String pairingCode, int maxStreams, int idleMs) {
    /** The shortest pairing code accepted, so it cannot be guessed by trying. */
    public static final int MIN_CODE = 12;

    static Kiosk from(NanoConfig config) {
      String code = config.string(DeviceKeys.DISPLAY_PAIRING_CODE);
      if (!code.isEmpty() && code.length() < MIN_CODE) {
        throw new ConfigException("configuration key 'display.pairing-code' must be at least " + MIN_CODE
            + " characters");
      }
      return new Kiosk(config.string(DeviceKeys.DISPLAY_HOST), config.integer(DeviceKeys.DISPLAY_PORT), code,
          config.integer(DeviceKeys.DISPLAY_MAX_STREAMS), config.integer(DeviceKeys.DISPLAY_IDLE_MS));
    }
  }

  /**
   * The TCP event-bus bridge of a device node: where it listens, its TLS certificate and key (PEM files; required
   * unless {@code plain}), its allow-lists and limits, and how long it keeps device credentials.
   */
  public record Bridge(boolean enabled, String host, int port, List<String> inbound, List<String> outbound,
      String tlsCertFile, String tlsKeyFile, boolean plain, int maxFrame, int loginMs, int idleMs, int maxConnections,
      Duration credentialTtl, Duration busTimeout) {
    public static Bridge from(NanoConfig config) {
      Bridge bridge = new Bridge(config.bool(DeviceKeys.BRIDGE_ENABLED), config.string(DeviceKeys.BRIDGE_HOST),
          config.integer(DeviceKeys.BRIDGE_PORT), config.list(DeviceKeys.BRIDGE_INBOUND),
          config.list(DeviceKeys.BRIDGE_OUTBOUND), config.string(DeviceKeys.BRIDGE_TLS_CERT_FILE),
          config.string(DeviceKeys.BRIDGE_TLS_KEY_FILE), config.bool(DeviceKeys.BRIDGE_PLAIN),
          config.integer(DeviceKeys.BRIDGE_MAX_FRAME), config.integer(DeviceKeys.BRIDGE_LOGIN_MS),
          config.integer(DeviceKeys.BRIDGE_IDLE_MS), config.integer(DeviceKeys.BRIDGE_MAX_CONNECTIONS),
          Duration.ofMillis(config.integer(Keys.DEVICE_CACHE_MS)),
          Duration.ofMillis(config.integer(Keys.BUS_TIMEOUT_MS)));
      if (bridge.enabled() && !bridge.plain() && (bridge.tlsCertFile().isEmpty() || bridge.tlsKeyFile().isEmpty())) {
        throw new ConfigException("configuration keys 'bridge.tls-cert-file' and 'bridge.tls-key-file' must name the "
            + "bridge's PEM certificate and key (or set bridge.plain=true on a trusted segment)");
      }
      return bridge;
    }
  }

  private static Pir pirOf(NanoConfig config, String driver, String location, int pin, int coapPort) {
    return new Pir(driver, location, pin, coapPort, config.integer(DeviceKeys.PRESENCE_DEBOUNCE_MS),
        config.integer(DeviceKeys.PRESENCE_HOLD_MS), config.string(DeviceKeys.GPIO_PROVIDER),
        CoapDevices.from(config));
  }
}
