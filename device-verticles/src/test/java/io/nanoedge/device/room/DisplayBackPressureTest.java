package io.nanoedge.device.room;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.EventDocuments;
import io.nanoedge.bus.Idle;
import io.nanoedge.bus.Present;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The display's live stream under back-pressure: a kiosk stream that does not read is dropped, not buffered. */
@ExtendWith(VertxExtension.class)
class DisplayBackPressureTest {
  private int port;
  private WebClient web;

  @BeforeEach
  void room(Vertx vertx) {
    port = Ports.freeTcp();
    deploy(vertx, MeetingRoomVerticle.class.getName(), config("room.location", "room-r", "display.port",
        String.valueOf(port), "display.pairing-code", "kiosk-code-0123456789", "display.max-streams", "1"));
    web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  /** The status a new live stream gets (read from its head; the connection is closed after it). */
  private int streamStatus(Vertx vertx, String cookie) {
    HttpClient client = vertx.createHttpClient();
    try {
      return await(client.request(HttpMethod.GET, port, "127.0.0.1", "/events")
          .compose(r -> r.putHeader("cookie", cookie).send()).map(HttpClientResponse::statusCode));
    } finally {
      client.close();
    }
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void aStreamThatDoesNotReadIsDroppedSoTheNodeDoesNotHoldItsBacklog(Vertx vertx) throws Exception {
    // GIVEN event 8 with four long text documents (each state event carries ~16 KB inline), and the kiosk's one
    // live stream (display.max-streams 1) opened by a client that never reads
    String text = "x".repeat(RoomPresenter.INLINE_TEXT);
    await(Bus.serve(vertx.eventBus(), Addresses.EVENT_DOCUMENTS, q -> Future.succeededFuture(new EventDocuments(
        List.of(1, 2, 3, 4).stream().map(i -> new EventDocuments.Meta(i, 8, "d" + i + ".txt", "text/plain",
            text.length(), null)).toList()))).completion());
    await(Bus.serve(vertx.eventBus(), Addresses.DOCUMENT_CONTENT, q -> Future.succeededFuture(
        new EventDocuments.Content("d.txt", "text/plain", Base64.getEncoder().encodeToString(text.getBytes(
            StandardCharsets.UTF_8))))).completion());
    String kiosk = MeetingRoomTest.pair(web, port);
    try (Socket stuck = new Socket()) {
      stuck.setReceiveBufferSize(4096);
      stuck.connect(new InetSocketAddress("127.0.0.1", port));
      stuck.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: x\r\nCookie: " + kiosk + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(Eventually.within(Duration.ofSeconds(5), () -> streamStatus(vertx, kiosk) == 503))
          .as("the stuck stream holds the one slot").isTrue();
      // WHEN the room switches between the meeting and idle, over and over, while that client reads nothing
      boolean dropped = false;
      for (int i = 0; i < 2000 && !dropped; i++) {
        await(Bus.request(vertx.eventBus(), Addresses.ROOM_PRESENT.at("room-r"), new Present(8, "room-r", "j", 1)));
        await(Bus.request(vertx.eventBus(), Addresses.ROOM_IDLE.at("room-r"), new Idle(8L)));
        dropped = i % 50 == 49 && streamStatus(vertx, kiosk) == 200;
      }
      // THEN the stuck stream was dropped once its writes backed up, and its slot serves a reader again
      assertThat(dropped).as("the stuck stream was dropped").isTrue();
    }
  }
}
