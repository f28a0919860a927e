package io.nanoedge.device.driver;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.GuideStop;
import io.nanoedge.bus.Motion;
import io.nanoedge.coap.Californium;
import io.nanoedge.testkit.Ports;
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

/** Devices that are CoAP peers over real UDP on loopback: a PIR that POSTs, LEDs that take PUTs. */
@ExtendWith(VertxExtension.class)
class CoapDriversTest {
  private CoapServer ledDevice;
  private CoapClient client;

  private CoapResponse post(int port, String payload) throws Exception {
    client = new CoapClient("coap://127.0.0.1:" + port + "/motion");
    client.setEndpoint(CoapEndpoint.builder().setConfiguration(Californium.configuration()).build());
    return client.post(payload, MediaTypeRegistry.APPLICATION_JSON);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aCoapPirPostIsAMotion(Vertx vertx) throws Exception {
    // GIVEN the presence role with the coap PIR driver on a free UDP port
    List<Motion> motions = motions(vertx);
    int port = Ports.freeUdp();
    deploy(vertx, "io.nanoedge.device.presence.PresenceVerticle", config("presence.driver", "coap",
        "presence.coap-port", String.valueOf(port), "presence.location", "corridor-3", "presence.hold-ms", "0"));
    // WHEN the device POSTs /motion with {"motion": true}
    CoapResponse response = post(port, "{\"motion\": true}");
    // THEN 2.04 and one motion for corridor-3 from the CoAP driver
    assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(eventually(3000, () -> motions.size() == 1)).isTrue();
    assertThat(motions.get(0).location()).isEqualTo("corridor-3");
    assertThat(motions.get(0).source()).isEqualTo("test-node/coap:" + port);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aMalformedCoapPayloadIsA400AndNoMotion(Vertx vertx) throws Exception {
    List<Motion> motions = motions(vertx);
    int port = Ports.freeUdp();
    deploy(vertx, "io.nanoedge.device.presence.PresenceVerticle", config("presence.driver", "coap",
        "presence.coap-port", String.valueOf(port)));
    // WHEN the device POSTs a payload that is not {"motion": bool}
    CoapResponse notJson = post(port, "motion!");
    CoapResponse wrongType = post(port, "{\"motion\": \"yes\"}");
    // THEN 4.00 with a JSON error naming the expected form, and nothing is published
    assertThat(notJson.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertThat(new JsonObject(notJson.getResponseText()).getString("message")).contains("{\"motion\": true|false}");
    assertThat(wrongType.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    // AND a valid report after them is the only motion published (the resource answers after it decided)
    assertThat(post(port, "{\"motion\": true}").getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(eventually(5000, () -> !motions.isEmpty())).isTrue();
    assertThat(motions).hasSize(1);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void coapLedsFollowTheGuide(Vertx vertx) {
    // GIVEN an LED device that is a CoAP server, recording the PUTs it gets
    List<String> puts = new CopyOnWriteArrayList<>();
    int port = Ports.freeUdp();
    ledDevice = new CoapServer(Californium.configuration());
    ledDevice.addEndpoint(CoapEndpoint.builder().setConfiguration(ledDevice.getConfig())
        .setInetSocketAddress(new InetSocketAddress("127.0.0.1", port)).build());
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
        "led.coap-uri", "coap://127.0.0.1:" + port + "/led", "led.blink-ms", "60"));

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
        .hasMessageContaining("led.coap-uri").hasMessageContaining("coap://host[:port]/path");
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.shutdown();
    }
    if (ledDevice != null) {
      ledDevice.destroy();
    }
  }
}
