package io.nanoedge.device;

import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoModule;
import io.nanoedge.config.Role;
import io.nanoedge.device.ble.BleScannerVerticle;
import io.nanoedge.device.led.LedGuidanceVerticle;
import io.nanoedge.device.presence.PresenceVerticle;
import io.nanoedge.device.room.MeetingRoomVerticle;
import java.util.List;
import java.util.Map;

/**
 * The device roles' keys (presence, BLE, LED, room, GPIO, the TCP bridge) and their verticles. Registered through
 * {@code META-INF/services/io.nanoedge.config.NanoModule}.
 */
public final class DeviceKeys extends NanoModule {
  public static final ConfigKey DISPLAY_PORT = ConfigKey.port("display.port", 8090,
      "HTTP port of the room display page");
  public static final ConfigKey DISPLAY_HOST = ConfigKey.string("display.host", "127.0.0.1",
      "Interface of the room display page: the kiosk's own (loopback when the kiosk browser runs on the room node)");
  public static final ConfigKey DISPLAY_PAIRING_CODE = ConfigKey.string("display.pairing-code", "",
      "Code that pairs the kiosk with this room's display (open /?pair=<code> once; at least 12 characters); "
      + "empty: the display serves nobody");
  public static final ConfigKey DISPLAY_PAIRING_CODE_FILE = ConfigKey.file("display.pairing-code-file",
      DISPLAY_PAIRING_CODE, "File holding display.pairing-code (Docker secret)");
  public static final ConfigKey DISPLAY_MAX_STREAMS = ConfigKey.integer("display.max-streams", 4, 1, 1000,
      "Most live display streams (Server-Sent Events) at once; more get 503, a stream that does not read is dropped");
  public static final ConfigKey DISPLAY_IDLE_MS = ConfigKey.integer("display.idle-ms", 60000, 1000, 3600000,
      "A display connection idle this long is closed (live streams get a keep-alive every 15 s)");
  public static final ConfigKey PRESENCE_LOCATION = ConfigKey.string("presence.location", "entrance",
      "Location whose motion the presence role reports (the entrance corridor, a spot on an LED path)");
  public static final ConfigKey PRESENCE_DRIVER = ConfigKey.choice("presence.driver", "sim",
      "PIR driver of the presence role: sim (shell/tests), pi4j (GPIO pin) or coap (the device POSTs /motion)",
      "sim", "pi4j", "coap");
  public static final ConfigKey PRESENCE_PIN = ConfigKey.integer("presence.pin", 17, 0, 27,
      "BCM GPIO pin of the presence PIR (pi4j driver; input with pull-down)");
  public static final ConfigKey PRESENCE_DEBOUNCE_MS = ConfigKey.integer("presence.debounce-ms", 50, 0, 10000,
      "PIR edges closer than this to the previous edge belong to the same burst (also used by the room's door PIR)");
  public static final ConfigKey PRESENCE_HOLD_MS = ConfigKey.integer("presence.hold-ms", 3000, 0, 600000,
      "After a reported motion, further edges are not reported for this long (also used by the door PIR)");
  public static final ConfigKey PRESENCE_COAP_PORT = ConfigKey.port("presence.coap-port", 5687,
      "UDP port where a CoAP PIR POSTs /motion over DTLS as a pir device registered at presence.location (coap "
      + "driver)");
  public static final ConfigKey PRESENCE_DETECT = ConfigKey.bool("presence.detect", false,
      "Also send each motion to the controller as a DETECT command, retried while no controller answers (a "
      + "failover), so no visit is lost; set it at entrances only: DETECT always opens a visit");
  public static final ConfigKey PRESENCE_DETECT_RETRY_MS = ConfigKey.integer("presence.detect-retry-ms", 10000, 0,
      600000, "How long a DETECT command is retried while no controller answers before the motion is given up");
  public static final ConfigKey BLE_LOCATION = ConfigKey.string("ble.location", "entrance",
      "Location whose scan requests the ble role answers");
  public static final ConfigKey BLE_DRIVER = ConfigKey.choice("ble.driver", "sim",
      "BLE scanner driver: sim (beacons from the shell/tests) or bluez (BlueZ over the system D-Bus)",
      "sim", "bluez");
  public static final ConfigKey BLE_ADAPTER = ConfigKey.string("ble.adapter", "hci0",
      "BlueZ adapter used by the bluez driver");
  public static final ConfigKey BLE_RSSI_FLOOR = ConfigKey.integer("ble.rssi-floor", -90, -127, 20,
      "Tags weaker than this RSSI (dBm) are ignored by every scanner of the node");
  public static final ConfigKey LED_NODE = ConfigKey.string("led.node", "corridor-1",
      "Id of this LED node on room paths; the guide agent reaches it at nanoedge.led.node.<id>");
  public static final ConfigKey LED_LOCATION = ConfigKey.string("led.location", "",
      "Presence location along this node's segment: motion there sends the guide on (empty: only the segment time)");
  public static final ConfigKey LED_DRIVER = ConfigKey.choice("led.driver", "sim",
      "LED driver: sim (state kept in memory, published), pi4j (GPIO outputs) or coap (PUT to led.coap-uri)",
      "sim", "pi4j", "coap");
  public static final ConfigKey LED_PINS = ConfigKey.list("led.pins", "22",
      "BCM GPIO pins of this node's LED segment (pi4j driver), comma-separated");
  public static final ConfigKey LED_BLINK_MS = ConfigKey.integer("led.blink-ms", 250, 20, 10000,
      "Half period of the guide's blink pattern");
  public static final ConfigKey LED_COAP_URI = ConfigKey.string("led.coap-uri", "",
      "CoAP resource of a remote LED device (coap driver), e.g. coaps://10.0.0.21/led; it gets PUT 1 or 0 (coap:// "
      + "only with coap.device-plain)");
  public static final ConfigKey LED_COAP_IDENTITY = ConfigKey.string("led.coap-identity", "",
      "Registered device id of the CoAP LED device (coaps:// led.coap-uri): the DTLS PSK identity both ends use");
  public static final ConfigKey LED_COAP_KEY = ConfigKey.string("led.coap-key", "",
      "That device's key in base64, as POST /api/devices showed it (coaps:// led.coap-uri)");
  public static final ConfigKey LED_COAP_KEY_FILE = ConfigKey.file("led.coap-key-file", LED_COAP_KEY,
      "File holding led.coap-key (Docker secret)");
  public static final ConfigKey ROOM_LOCATION = ConfigKey.string("room.location", "room-r",
      "Door location of the meeting room this node serves (arrival, present and idle commands use it)");
  public static final ConfigKey ROOM_NAME = ConfigKey.string("room.name", "Meeting room",
      "Room name shown on the display page");
  public static final ConfigKey ROOM_IDLE_TEXT = ConfigKey.string("room.idle-text", "Welcome",
      "Idle (personal) content of the display, hidden while a meeting is presented");
  public static final ConfigKey ROOM_PRESENCE_DRIVER = ConfigKey.choice("room.presence-driver", "sim",
      "Door PIR driver: sim, pi4j or coap", "sim", "pi4j", "coap");
  public static final ConfigKey ROOM_PIN = ConfigKey.integer("room.pin", 27, 0, 27,
      "BCM GPIO pin of the door PIR (pi4j driver)");
  public static final ConfigKey ROOM_COAP_PORT = ConfigKey.port("room.coap-port", 5688,
      "UDP port where a CoAP door PIR POSTs /motion over DTLS as a pir or door device registered at room.location "
      + "(coap driver)");
  public static final ConfigKey ROOM_BLE_DRIVER = ConfigKey.choice("room.ble-driver", "sim",
      "Door BLE scanner driver: sim or bluez", "sim", "bluez");
  public static final ConfigKey ROOM_SCAN_WINDOW_MS = ConfigKey.integer("room.scan-window-ms", 1500, 0, 60000,
      "How long the door scanner listens after the door PIR fired");
  public static final ConfigKey GPIO_PROVIDER = ConfigKey.choice("gpio.provider", "gpiod",
      "Pi4J provider of pi4j drivers: gpiod (GPIO character device), linuxfs (sysfs GPIO, reachable from a Swarm "
      + "task) or mock (no hardware)",
      "gpiod", "linuxfs", "mock");
  public static final ConfigKey BRIDGE_ENABLED = ConfigKey.bool("bridge.enabled", false,
      "Run the TCP event-bus bridge on this device node (for devices that are not JVMs, e.g. python/pir_bridge.py)");
  public static final ConfigKey BRIDGE_HOST = ConfigKey.string("bridge.host", "127.0.0.1",
      "Interface of the TCP event-bus bridge");
  public static final ConfigKey BRIDGE_PORT = ConfigKey.port("bridge.port", 7000, "TCP port of the event-bus bridge");
  public static final ConfigKey BRIDGE_INBOUND = ConfigKey.list("bridge.inbound", "nanoedge.presence.motion",
      "Addresses bridge devices may send or publish to (allow-list, comma-separated; each device also only as its "
      + "kind allows and for its own location)");
  public static final ConfigKey BRIDGE_OUTBOUND = ConfigKey.list("bridge.outbound", "",
      "Addresses bridge devices may listen to (allow-list, comma-separated; {location} stands for the device's own "
      + "location; empty: none)");
  public static final ConfigKey BRIDGE_TLS_CERT_FILE = ConfigKey.string("bridge.tls-cert-file", "",
      "PEM certificate (chain) the bridge presents over TLS; required when the bridge is enabled, unless bridge.plain");
  public static final ConfigKey BRIDGE_TLS_KEY_FILE = ConfigKey.string("bridge.tls-key-file", "",
      "PEM private key of bridge.tls-cert-file");
  public static final ConfigKey BRIDGE_PLAIN = ConfigKey.bool("bridge.plain", false,
      "Run the bridge without TLS (devices still log in with their credential; only on a segment nobody else "
      + "reaches; logged as a warning)");
  public static final ConfigKey BRIDGE_MAX_FRAME = ConfigKey.integer("bridge.max-frame", 4096, 64, 1048576,
      "Largest bridge frame (bytes); a longer one closes the connection before any of it is kept");
  public static final ConfigKey BRIDGE_LOGIN_MS = ConfigKey.integer("bridge.login-ms", 5000, 100, 600000,
      "A bridge connection that has not logged in as a registered device within this is closed");
  public static final ConfigKey BRIDGE_IDLE_MS = ConfigKey.integer("bridge.idle-ms", 120000, 1000, 86400000,
      "A bridge connection idle this long (nothing read or written) is closed; devices ping to stay connected");
  public static final ConfigKey BRIDGE_MAX_CONNECTIONS = ConfigKey.integer("bridge.max-connections", 64, 1, 100000,
      "Most bridge connections at once; more are closed at once");

  public DeviceKeys() {
    super(60, List.of(DISPLAY_PORT, DISPLAY_HOST, DISPLAY_PAIRING_CODE, DISPLAY_PAIRING_CODE_FILE,
        DISPLAY_MAX_STREAMS, DISPLAY_IDLE_MS, PRESENCE_LOCATION, PRESENCE_DRIVER, PRESENCE_PIN, PRESENCE_DEBOUNCE_MS,
        PRESENCE_HOLD_MS, PRESENCE_COAP_PORT, PRESENCE_DETECT, PRESENCE_DETECT_RETRY_MS, BLE_LOCATION, BLE_DRIVER,
        BLE_ADAPTER, BLE_RSSI_FLOOR, LED_NODE, LED_LOCATION, LED_DRIVER, LED_PINS, LED_BLINK_MS, LED_COAP_URI,
        LED_COAP_IDENTITY, LED_COAP_KEY, LED_COAP_KEY_FILE,
        ROOM_LOCATION, ROOM_NAME, ROOM_IDLE_TEXT, ROOM_PRESENCE_DRIVER, ROOM_PIN, ROOM_COAP_PORT, ROOM_BLE_DRIVER,
        ROOM_SCAN_WINDOW_MS, GPIO_PROVIDER, BRIDGE_ENABLED, BRIDGE_HOST, BRIDGE_PORT, BRIDGE_INBOUND, BRIDGE_OUTBOUND,
        BRIDGE_TLS_CERT_FILE, BRIDGE_TLS_KEY_FILE, BRIDGE_PLAIN, BRIDGE_MAX_FRAME, BRIDGE_LOGIN_MS, BRIDGE_IDLE_MS,
        BRIDGE_MAX_CONNECTIONS),
        Map.of(Role.PRESENCE, PresenceVerticle.class, Role.BLE, BleScannerVerticle.class, Role.LED,
        LedGuidanceVerticle.class, Role.ROOM, MeetingRoomVerticle.class));
  }
}
