package io.nanoedge.ops;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.client.WebClient;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.assertj.core.api.Assertions.assertThat;

/** Status changes on the bus show up in /metrics as Prometheus text, scraped over HTTP and parsed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StatusMetricsScrapeTest {
  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void visitsByStatusAreScrapedFromMetrics() throws Exception {
    // GIVEN a node with Prometheus metrics, the ops endpoints and the status metrics attached
    vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
        .withMetrics(new MicrometerMetricsFactory()).build();
    int port = Ports.freeTcp();
    await(vertx.deployVerticle(new OpsVerticle(HealthChecks.create(vertx)), new DeploymentOptions().setConfig(
        new JsonObject()
        .put(NodeBaseKeys.OPS_PORT.name(), String.valueOf(port)).put(NodeBaseKeys.OPS_HOST.name(), "127.0.0.1"))));
    await(StatusMetrics.attach(vertx));
    // WHEN a visit is stored as DETECTED then SCANNED 3 s later
    Instant t0 = Instant.parse("2026-11-28T09:00:00Z");
    vertx.eventBus().publish(Addresses.STATUS_CHANGED.address(),
        new StatusRecord(StatusRecord.Kind.VISIT, "v-1", null, 1, Status.DETECTED, t0, null, null).toJson());
    vertx.eventBus().publish(Addresses.STATUS_CHANGED.address(),
        new StatusRecord(StatusRecord.Kind.VISIT, "v-1", null, 2, Status.SCANNED, t0.plusSeconds(3), null, null)
            .toJson());
    // THEN /metrics reports one visit per status and the step time (published facts arrive asynchronously)
    WebClient client = WebClient.create(vertx);
    String[] scraped = {""};
    Eventually.until("/metrics has the SCANNED visit", () -> (scraped[0] = Eventually.await(
        client.get(port, "127.0.0.1", "/metrics").send()).bodyAsString()).contains("status=\"SCANNED\""),
        Duration.ofSeconds(5));
    String text = scraped[0];
    assertThat(sample(text, "nanoedge_status_total{kind=\"visit\",status=\"DETECTED\"}")).isEqualTo(1.0);
    assertThat(sample(text, "nanoedge_status_total{kind=\"visit\",status=\"SCANNED\"}")).isEqualTo(1.0);
    assertThat(sample(text, "nanoedge_status_step_seconds_sum{kind=\"visit\",status=\"SCANNED\"}")).isEqualTo(3.0);
  }

  /** The value of one Prometheus sample line, found by its metric name and labels. */
  private static double sample(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    assertThat(m.find()).as("series %s in\n%s", series, text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
