package io.nanoedge.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requests over the event bus fail with nanoedge codes: 400 naming the field, 503 with no handler, 504 on timeout. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class BusTest {

  @Test
  void malformedBodyIsRefusedWith400NamingTheField(Vertx vertx, VertxTestContext ctx) {
    // GIVEN a consumer that decodes Motion
    Bus.serveJson(vertx.eventBus(), "test.motion", body -> Future.succeededFuture(Motion.fromJson(body).toJson()))
        .completion()
        // WHEN a raw sender omits the location
        .compose(v -> vertx.eventBus().request("test.motion", new JsonObject().put("source", "x")))
        .onComplete(ctx.failing(t -> ctx.verify(() -> {
          // THEN the failure carries 400 and names the field
          assertThat(t).isInstanceOf(ReplyException.class);
          assertThat(((ReplyException) t).failureCode()).isEqualTo(400);
          assertThat(t.getMessage()).contains("'location'");
          ctx.completeNow();
        })));
  }

  @Test
  void nonJsonBodyIsRefusedWith400(Vertx vertx, VertxTestContext ctx) {
    Bus.serveJson(vertx.eventBus(), "test.echo", Future::succeededFuture).completion()
        .compose(v -> vertx.eventBus().request("test.echo", "hello"))
        .onComplete(ctx.failing(t -> ctx.verify(() -> {
          assertThat(((ReplyException) t).failureCode()).isEqualTo(400);
          assertThat(t.getMessage()).contains("JSON object");
          ctx.completeNow();
        })));
  }

  @Test
  void noConsumerFailsFastWithUnavailable(Vertx vertx, VertxTestContext ctx) {
    Bus.requestJson(vertx.eventBus(), "test.nobody", new JsonObject())
        .onComplete(ctx.failing(t -> ctx.verify(() -> {
          assertThat(ErrorCode.of(t)).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(t.getMessage()).contains("test.nobody");
          ctx.completeNow();
        })));
  }

  @Test
  void silentConsumerTimesOutWithTheShortTimeout(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().consumer("test.silent", m -> { });
    long start = System.nanoTime();
    Bus.requestJson(vertx.eventBus(), "test.silent", new JsonObject(), Duration.ofMillis(200))
        .onComplete(ctx.failing(t -> ctx.verify(() -> {
          assertThat(ErrorCode.of(t)).isEqualTo(ErrorCode.TIMEOUT);
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
          ctx.completeNow();
        })));
  }

  @Test
  void handlerFailureKeepsItsCode(Vertx vertx, VertxTestContext ctx) {
    Bus.serveJson(vertx.eventBus(), "test.conflict", body -> Future.failedFuture(NanoException.conflict(
        "double booking")))
        .completion()
        .compose(v -> Bus.requestJson(vertx.eventBus(), "test.conflict", new JsonObject()))
        .onComplete(ctx.failing(t -> ctx.verify(() -> {
          assertThat(ErrorCode.of(t)).isEqualTo(ErrorCode.CONFLICT);
          assertThat(t.getMessage()).isEqualTo("double booking");
          ctx.completeNow();
        })));
  }

  @Test
  void unexpectedErrorSendsOnlyAnId(Vertx vertx, VertxTestContext ctx) {
    Bus.serveJson(vertx.eventBus(), "test.boom", body -> {
      throw new IllegalStateException("secret internals");
    }).completion()
        .compose(v -> Bus.requestJson(vertx.eventBus(), "test.boom", new JsonObject()))
        .onComplete(ctx.failing(t -> ctx.verify(() -> {
          assertThat(ErrorCode.of(t)).isEqualTo(ErrorCode.INTERNAL);
          assertThat(t.getMessage()).contains("internal error").doesNotContain("secret internals");
          ctx.completeNow();
        })));
  }
}
