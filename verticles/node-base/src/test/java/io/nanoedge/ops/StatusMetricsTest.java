package io.nanoedge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Visits by status and step times, from status records. */
class StatusMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StatusMetrics metrics = new StatusMetrics(registry);
  private final Instant t0 = Instant.parse("2026-11-28T09:00:00Z");

  private StatusRecord visit(String id, int seq, Status status, long millisAfterStart) {
    return new StatusRecord(StatusRecord.Kind.VISIT, id, id, seq, status, t0.plusMillis(millisAfterStart), null, null);
  }

  private double count(String status) {
    var counter = registry.find("nanoedge.status").tags("kind", "visit", "status", status).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void countsEveryStatusByKindAndStatus() {
    // WHEN two visits are detected and one is not scanned
    metrics.record(visit("v-1", 1, Status.DETECTED, 0));
    metrics.record(visit("v-2", 1, Status.DETECTED, 0));
    metrics.record(visit("v-2", 2, Status.NOT_SCANNED, 3000));
    // THEN the counters say so, with the status as the log writes it
    assertThat(count("DETECTED")).isEqualTo(2);
    assertThat(count("NOT SCANNED")).isEqualTo(1);
  }

  @Test
  void timesEachStepFromThePreviousStatusOfTheSameSubject() {
    // WHEN a visit goes DETECTED → SCANNED 3.2 s later → AUTHENTICATED 0.05 s after that
    metrics.record(visit("v-1", 1, Status.DETECTED, 0));
    metrics.record(visit("v-1", 2, Status.SCANNED, 3200));
    metrics.record(visit("v-1", 3, Status.AUTHENTICATED, 3250));
    // THEN each step's time is recorded under the status it reached; the first status has no step
    var scanned = registry.find("nanoedge.status.step").tags("status", "SCANNED").timer();
    var authenticated = registry.find("nanoedge.status.step").tags("status", "AUTHENTICATED").timer();
    assertThat(scanned.count()).isEqualTo(1);
    assertThat(scanned.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3200);
    assertThat(authenticated.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50);
    assertThat(registry.find("nanoedge.status.step").tags("status", "DETECTED").timer()).isNull();
  }

  @Test
  void aTerminalFailureEndsTheSubject() {
    // GIVEN a visit that failed
    metrics.record(visit("v-1", 1, Status.DETECTED, 0));
    metrics.record(visit("v-1", 2, Status.NOT_SCANNED, 3000));
    // WHEN a record with the same id arrives later (a new visit reusing nothing: ids are unique)
    metrics.record(visit("v-1", 3, Status.DETECTED, 9000));
    // THEN no step is measured across the failure
    assertThat(registry.find("nanoedge.status.step").tags("status", "DETECTED").timer()).isNull();
  }
}
