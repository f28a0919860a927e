package io.nanoedge.device.room;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Idle;
import io.nanoedge.bus.Present;
import io.nanoedge.testkit.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The room display as a paired kiosk over real HTTP: only the browser paired with the room's code is served, only
 * the meeting presented now, with protective headers on every answer, and a capped number of live streams.
 */
@ExtendWith(VertxExtension.class)
class DisplayKioskTest {
  private static final String CODE = "kiosk-code-0123456789";
  private static final List<String> PATHS = List.of("/", "/state", "/events", "/documents/1");
  private int port;
  private WebClient web;

  @BeforeEach
  void roomPresentingEvent7(Vertx vertx) {
    port = Ports.freeTcp();
    deploy(vertx, MeetingRoomVerticle.class.getName(), config("room.location", "room-r", "display.port",
        String.valueOf(port), "display.pairing-code", CODE, "display.max-streams", "1"));
    RoomStandIns.documentsOfEvent7(vertx);
    await(Bus.request(vertx.eventBus(), Addresses.ROOM_PRESENT.at("room-r"), new Present(7, "room-r", "j-1", 11)));
    web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  private HttpResponse<Buffer> get(String path, String cookie) {
    var request = web.request(HttpMethod.GET, port, "127.0.0.1", path);
    if (cookie != null) {
      request.putHeader("cookie", cookie);
    }
    return await(request.timeout(5000).send());
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void anUnpairedBrowserGetsNothingOfTheRoom() {
    // WHEN a browser that is not paired asks for the page, the state, the stream or a presented document,
    // or tries a wrong code or a forged cookie
    for (String path : PATHS) {
      HttpResponse<Buffer> response = get(path, null);
      // THEN 401 with nothing of the meeting, and the protective headers
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.bodyAsString()).as(path).doesNotContain("Agenda").contains("not paired");
      assertThat(response.getHeader("x-content-type-options")).isEqualTo("nosniff");
      assertThat(response.getHeader("cache-control")).isEqualTo("no-store");
    }
    assertThat(get("/?pair=wrong-code-0123456789", null).statusCode()).isEqualTo(403);
    assertThat(get("/state", DisplayServer.COOKIE + "=0000").statusCode()).isEqualTo(401);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void thePairedKioskIsServedWithAStrictPolicyAndANewPairingReplacesIt() {
    // WHEN the kiosk pairs with the room's code
    String kiosk = MeetingRoomTest.pair(web, port);
    HttpResponse<Buffer> page = get("/", kiosk);
    HttpResponse<Buffer> doc = get("/documents/1", kiosk);
    // THEN it gets the page under a strict CSP (no inline code but the page's own, by hash) and the documents
    // sandboxed, each nosniff and no-store
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("content-security-policy")).startsWith("default-src 'none'; script-src 'sha256-")
        .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline'; script").doesNotContain("unsafe-eval");
    assertThat(doc.bodyAsString()).isEqualTo(RoomStandIns.AGENDA);
    assertThat(doc.getHeader("content-security-policy")).contains("sandbox");
    for (HttpResponse<Buffer> r : List.of(page, doc)) {
      assertThat(r.getHeader("x-content-type-options")).isEqualTo("nosniff");
      assertThat(r.getHeader("cache-control")).isEqualTo("no-store");
    }
    // WHEN another browser pairs with the code, THEN the first kiosk is no longer served
    String other = MeetingRoomTest.pair(web, port);
    assertThat(get("/state", other).statusCode()).isEqualTo(200);
    assertThat(get("/state", kiosk).statusCode()).isEqualTo(401);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void documentsAreServedOnlyWhileTheMeetingIsPresented(Vertx vertx) {
    String kiosk = MeetingRoomTest.pair(web, port);
    assertThat(get("/documents/1", kiosk).statusCode()).isEqualTo(200);
    // WHEN the meeting ends
    await(Bus.request(vertx.eventBus(), Addresses.ROOM_IDLE.at("room-r"), new Idle(7L)));
    // THEN its documents are gone from the display
    assertThat(get("/documents/1", kiosk).statusCode()).isEqualTo(404);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void liveStreamsAreCapped(Vertx vertx) {
    // GIVEN the paired kiosk holding its one live stream (display.max-streams 1)
    String kiosk = MeetingRoomTest.pair(web, port);
    var first = await(vertx.createHttpClient().request(HttpMethod.GET, port, "127.0.0.1", "/events")
        .compose(r -> r.putHeader("cookie", kiosk).send()));
    assertThat(first.statusCode()).isEqualTo(200);
    // WHEN a second stream is asked for
    // THEN it gets 503 naming the cap
    HttpResponse<Buffer> second = get("/events", kiosk);
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.bodyAsString()).contains("display.max-streams");
  }
}
