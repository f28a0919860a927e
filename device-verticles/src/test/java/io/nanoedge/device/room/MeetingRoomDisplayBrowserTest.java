package io.nanoedge.device.room;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Present;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.Tools;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The room display page in headless Chromium (playwright-core, installed from npm into target/ on first
 * run): idle → the meeting's documents on present → idle. Screenshots stay in
 * {@code target/display-browser/} as artifacts. Skipped, saying why, when Chromium or npm is missing.
 */
@ExtendWith(VertxExtension.class)
class MeetingRoomDisplayBrowserTest {
  private static final Path WORK = Path.of("target", "display-browser");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  @Timeout(value = 240, timeUnit = TimeUnit.SECONDS)
  void displaySwitchesFromIdleToTheDocumentsAndBack(Vertx vertx) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install -y chromium): skipped");
    assumeTrue(Tools.playwrightInstalled(WORK, "package.json", "display-check.mjs"),
        "npm could not install playwright-core into " + WORK + ": skipped");

    // GIVEN the room with its display and a stand-in API serving event 7's documents
    int port = Ports.freeTcp();
    deploy(vertx, MeetingRoomVerticle.class.getName(), config("room.location", "room-r", "display.port",
        String.valueOf(port), "room.name", "Room R", "room.idle-text", "Alice's holiday photos",
        "display.pairing-code", "kiosk-code-0123456789"));
    RoomStandIns.documentsOfEvent7(vertx);

    // The kiosk opens the pairing URL once; the display sets its cookie and sends it on to /.
    Process browser = new ProcessBuilder("node", "display-check.mjs",
        "http://127.0.0.1:" + port + "/?pair=kiosk-code-0123456789",
        WORK.toAbsolutePath().toString()).directory(WORK.toFile()).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(),
        StandardCharsets.UTF_8))) {
      // THEN the kiosk first shows the idle content
      JsonObject idle = line(out, "IDLE ");
      assertThat(idle.getString("text")).isEqualTo("Alice's holiday photos");

      // WHEN the controller sends present for event 7
      JsonObject reply = await(Bus.requestJson(vertx.eventBus(), Addresses.ROOM_PRESENT.at("room-r").address(),
          new Present(7, "room-r", "j-1", 11).toJson()));
      assertThat(reply.getInteger("documents")).isEqualTo(2);

      // THEN the page switches live to the documents and hides the idle content
      JsonObject meeting = line(out, "MEETING ");
      assertThat(meeting.getJsonArray("docs").getList()).containsExactly("agenda.txt", "minutes.txt");
      assertThat(meeting.getBoolean("idleVisible")).isFalse();
      assertThat(meeting.getString("text")).contains("Quarterly figures").doesNotContain("holiday");

      // WHEN the event ends, THEN the page is idle again
      await(Bus.requestJson(vertx.eventBus(), Addresses.ROOM_IDLE.at("room-r").address(), new JsonObject().put(
          "eventId", 7)));
      assertThat(line(out, "IDLE-AGAIN ").getString("text")).isEqualTo("Alice's holiday photos");
    } finally {
      assertThat(browser.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(browser.exitValue()).isZero();
    assertThat(WORK.resolve("display-meeting.png")).isNotEmptyFile();
  }

  /** Reads the browser's output until a line with {@code prefix}; fails with everything read if it ends first. */
  private static JsonObject line(BufferedReader out, String prefix) throws IOException {
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return new JsonObject(line.substring(prefix.length()));
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("browser ended before '" + prefix.trim() + "':\n" + seen);
  }
}
