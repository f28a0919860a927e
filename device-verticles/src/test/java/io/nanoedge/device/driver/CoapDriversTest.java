package io.nanoedge.device.driver;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.DeviceKind;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.GuideStop;
import io.nanoedge.bus.Motion;
import io.nanoedge.coap.Californium;
import io.nanoedge.coap.DeviceDtls;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.StandInServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static io.nanoedge.device.DeviceTests.motions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Devices that are CoAP peers over real UDP on loopback: a PIR that POSTs over DTLS as a registered device, LEDs
 * that take PUTs over DTLS with their credential. The API's credential service is stood in on the bus.
 */
@ExtendWith(VertxExtension.class)
class CoapDriversTest {
  private static final String HERE = "corridor-3";
  private StandInServices world;
  private CoapServer ledDevice;
  private CoapClient client;

  @BeforeEach
  void api(Vertx vertx) {
    world = new StandInServices(vertx);
    await(world.api());
  }

  /** POSTs as device {@code identity} over DTLS (plain CoAP when null); null when no answer came. */
  private CoapResponse post(int port, String identity, byte[] key, String payload) {
    Configuration config = Californium.configuration();
    CoapEndpoint.Builder endpoint = CoapEndpoint.builder().setConfiguration(config);
    if (identity != null) {
      endpoint.setConnector(DeviceDtls.client(config, identity, key));
    }
    client = new CoapClient((identity == null ? "coap" : "coaps") + "://127.0.0.1:" + port + "/motion");
    client.setEndpoint(endpoint.build()).setTimeout(4000L);
    try {
      return client.post(payload, MediaTypeRegistry.APPLICATION_JSON);
    } catch (Exception e) {
      return null;
    }
  }

  private int coapPresence(Vertx vertx) {
    int port = Ports.freeUdp();
    deploy(vertx, "io.nanoedge.device.presence.PresenceVerticle", config("presence.driver", "coap",
        "presence.coap-port", String.valueOf(port), "presence.location", HERE, "presence.hold-ms", "0",
        "coap.host", "127.0.0.1"));
    return port;
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aRegisteredPirPostIsAMotion(Vertx vertx) {
    // GIVEN the presence role with the coap PIR driver, and the PIR registered at its location
    List<Motion> motions = motions(vertx);
    int port = coapPresence(vertx);
    byte[] key = world.device("pir-c3", DeviceKind.PIR, HERE);
    // WHEN the device POSTs /motion with {"motion": true} over DTLS
    CoapResponse response = post(port, "pir-c3", key, "{\"motion\": true}");
    // THEN 2.04 and one motion for corridor-3 from the CoAP driver
    assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(eventually(3000, () -> motions.size() == 1)).isTrue();
    assertThat(motions.get(0).location()).isEqualTo(HERE);
    assertThat(motions.get(0).source()).isEqualTo("test-node/coap:" + port);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void noMotionWithoutTheRightDeviceOfThisLocation(Vertx vertx) {
    // GIVEN the coap PIR driver at corridor-3, a PIR registered at the entrance and an LED registered here
    List<Motion> motions = motions(vertx);
    int port = coapPresence(vertx);
    byte[] entrance = world.device("pir-entrance", DeviceKind.PIR, StandInServices.ENTRANCE);
    byte[] led = world.device("led-c3", DeviceKind.LED, HERE);
    // WHEN an outsider posts plain CoAP or with an unregistered identity, and the other devices post over DTLS
    CoapResponse plain = post(port, null, null, "{\"motion\": true}");
    CoapResponse unknown = post(port, "pir-x", StandInServices.DEVICE_KEYS.derive("pir-x", 1), "{}");
    CoapResponse otherPlace = post(port, "pir-entrance", entrance, "{\"motion\": true}");
    CoapResponse otherKind = post(port, "led-c3", led, "{\"motion\": true}");
    // THEN the outsiders get no answer, the devices 4.03 naming why, and no motion is published
    assertThat(plain).isNull();
    assertThat(unknown).isNull();
    assertThat(otherPlace.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(otherPlace.getResponseText()).contains("own location entrance, not corridor-3");
    assertThat(otherKind.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(otherKind.getResponseText()).contains("/motion is for pir or door devices");
    assertThat(motions).isEmpty();
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aMalformedCoapPayloadIsA400AndNoMotion(Vertx vertx) {
    List<Motion> motions = motions(vertx);
    int port = coapPresence(vertx);
    byte[] key = world.device("pir-c3", DeviceKind.PIR, HERE);
    // WHEN the device POSTs a payload that is not {"motion": bool}
    CoapResponse notJson = post(port, "pir-c3", key, "motion!");
    CoapResponse wrongType = post(port, "pir-c3", key, "{\"motion\": \"yes\"}");
    // THEN 4.00 with a JSON error naming the expected form, and nothing is published
    assertThat(notJson.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertThat(new JsonObject(notJson.getResponseText()).getString("message")).contains("{\"motion\": true|false}");
    assertThat(wrongType.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    // AND a valid report after them is the only motion published (the resource answers after it decided)
    assertThat(post(port, "pir-c3", key, "{\"motion\": true}").getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(eventually(5000, () -> !motions.isEmpty())).isTrue();
    assertThat(motions).hasSize(1);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void coapLedsFollowTheGuide(Vertx vertx) {
    // GIVEN an LED device that is a CoAP server over DTLS holding its registered key, recording the PUTs it gets
    List<String> puts = new CopyOnWriteArrayList<>();
    int port = Ports.freeUdp();
    byte[] key = StandInServices.DEVICE_KEYS.derive("led-c9", 1);
    AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
    keys.setKey("led-c9", key);
    Configuration coap = Californium.configuration();
    DTLSConnector dtls = new DTLSConnector(DtlsConnectorConfig.builder(coap)
        .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
        .setAddress(new InetSocketAddress("127.0.0.1", port))
        .setAdvancedPskStore(keys).build());
    ledDevice = new CoapServer(coap);
    ledDevice.addEndpoint(CoapEndpoint.builder().setConfiguration(coap).setConnector(dtls).build());
    ledDevice.add(new CoapResource("led") {
      @Override
      public void handlePUT(CoapExchange exchange) {
        puts.add(exchange.getRequestText());
        exchange.respond(ResponseCode.CHANGED);
      }
    });
    ledDevice.start();
    AtomicBoolean off = new AtomicBoolean();
    await(Bus.subscribe(vertx.eventBus(), Addresses.LED_CHANGED, change -> off.set(change.pattern().equals("off")))
        .completion());
    deploy(vertx, "io.nanoedge.device.led.LedGuidanceVerticle", config("led.node", "c9", "led.driver", "coap",
        "led.coap-uri", "coaps://127.0.0.1:" + port + "/led", "led.coap-identity", "led-c9",
        "led.coap-key", java.util.Base64.getEncoder().encodeToString(key), "led.blink-ms", "60"));

    // WHEN a guide agent arrives at its (last) node, then is stopped
    await(vertx.eventBus().request(Addresses.LED_NODE.at("c9").address(),
        GuideHop.start("J", "room-r", List.of("c9"), 1000, Instant.now().plusSeconds(30)).toJson()));
    assertThat(eventually(3000, () -> puts.size() >= 4)).as("puts %s", puts).isTrue();
    vertx.eventBus().publish(Addresses.GUIDE_STOP.address(), new GuideStop("J", "arrived").toJson());

    // THEN the device was switched off at start, got alternating 1/0 PUTs while blinking, and is left at 0 with
    // the segment off (its blink timer is gone, so no PUT can follow)
    assertThat(eventually(3000, () -> off.get() && puts.get(puts.size() - 1).equals("0"))).as("puts %s", puts)
        .isTrue();
    assertThat(puts.subList(0, 4)).containsExactly("0", "1", "0", "1");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aBadLedUriStopsTheRoleWithTheKey(Vertx vertx) {
    assertThatThrownBy(() -> deploy(vertx, "io.nanoedge.device.led.LedGuidanceVerticle",
        config("led.driver", "coap", "led.coap-uri", "http://10.0.0.1/led")))
        .hasMessageContaining("led.coap-uri").hasMessageContaining("coaps://host[:port]/path");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void anLedDeviceWithoutCredentialOrOverPlainCoapStopsTheRole(Vertx vertx) {
    // WHEN the LED device is coaps:// without its credential, or plain coap:// without coap.device-plain
    // THEN the role does not start, and the message names the keys to set
    assertThatThrownBy(() -> deploy(vertx, "io.nanoedge.device.led.LedGuidanceVerticle",
        config("led.driver", "coap", "led.coap-uri", "coaps://127.0.0.1:5999/led")))
        .hasMessageContaining("led.coap-identity").hasMessageContaining("led.coap-key");
    assertThatThrownBy(() -> deploy(vertx, "io.nanoedge.device.led.LedGuidanceVerticle",
        config("led.driver", "coap", "led.coap-uri", "coap://127.0.0.1:5999/led")))
        .hasMessageContaining("coap.device-plain");
    assertThatThrownBy(() -> deploy(vertx, "io.nanoedge.device.led.LedGuidanceVerticle",
        config("led.driver", "coap", "led.coap-uri", "coaps://127.0.0.1:5999/led", "led.coap-identity", "led-1",
            "led.coap-key", "c2hvcnQ=")))
        .hasMessageContaining("led.coap-key").hasMessageContaining("at least 16 bytes");
  }

  @AfterEach
  void close() {
    await(world.close());
    if (client != null) {
      client.shutdown();
    }
    if (ledDevice != null) {
      ledDevice.destroy();
    }
  }
}
