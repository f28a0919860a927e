package io.nanoedge.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A typed command or fact carries its records both ways; a reply of the wrong shape is the server's fault. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TypedBusTest {
  private static final Command<Motion, Detected> DETECT = Command.of("test.detect", Motion::fromJson,
      Detected::fromJson);
  private static final Command.PerId<ScanRequest, ScanResult> SCAN = Command.perId("test.scan.",
      ScanRequest::fromJson, ScanResult::fromJson);

  @Test
  void aCommandCarriesItsRequestAndReplyRecords(Vertx vertx, VertxTestContext ctx) {
    // GIVEN a server of the typed command that answers with the motion's location in the visit id
    Bus.serve(vertx.eventBus(), DETECT, motion -> Future.succeededFuture(
            new Detected("v-" + motion.location(), "DETECTED", false))).completion()
        // WHEN a sender sends a Motion
        .compose(v -> Bus.request(vertx.eventBus(), DETECT, new Motion("entrance", null, "pir")))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          // THEN it gets a Detected back, decoded
          assertThat(reply).isEqualTo(new Detected("v-entrance", "DETECTED", false));
          ctx.completeNow();
        })));
  }

  @Test
  void aPerIdCommandAppendsTheIdToItsAddress(Vertx vertx, VertxTestContext ctx) {
    assertThat(SCAN.at("entrance").address()).isEqualTo("test.scan.entrance");
    Bus.serve(vertx.eventBus(), SCAN.at("entrance"), scan -> Future.succeededFuture(
            new ScanResult(scan.location(), List.of()))).completion()
        .compose(v -> Bus.request(vertx.eventBus(), SCAN.at("entrance"), new ScanRequest("entrance", 0, "v1")))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.location()).isEqualTo("entrance");
          ctx.completeNow();
        })));
  }

  @Test
  void aReplyOfTheWrongShapeIsAnInternalError(Vertx vertx, VertxTestContext ctx) {
    // GIVEN a server that answers the command with something that is no Detected
    Bus.serveJson(vertx.eventBus(), DETECT.address(), body -> Future.succeededFuture(new JsonObject().put("ok", 1)))
        .completion()
        .compose(v -> Bus.request(vertx.eventBus(), DETECT, new Motion("entrance", null, "pir")))
        .onComplete(ctx.failing(t -> ctx.verify(() -> {
          // THEN the sender is told the server replied wrongly, not that its own input was bad
          assertThat(ErrorCode.of(t)).isEqualTo(ErrorCode.INTERNAL);
          assertThat(t.getMessage()).contains("test.detect replied with an unreadable body");
          ctx.completeNow();
        })));
  }

  @Test
  void aSubscriberGetsTheFactAndSkipsAMalformedOne(Vertx vertx, VertxTestContext ctx) {
    Fact<Motion> motion = Fact.of("test.motion.fact", Motion::fromJson);
    // GIVEN a subscriber
    Bus.subscribe(vertx.eventBus(), motion, m -> ctx.verify(() -> {
      // THEN only the well-formed fact arrives
      assertThat(m.location()).isEqualTo("door");
      ctx.completeNow();
    })).completion().onComplete(ctx.succeeding(v -> {
      // WHEN a malformed body and then a motion are published
      vertx.eventBus().publish(motion.address(), new JsonObject().put("where", "x"));
      Bus.publish(vertx.eventBus(), motion, new Motion("door", null, "pir"));
    }));
  }
}
