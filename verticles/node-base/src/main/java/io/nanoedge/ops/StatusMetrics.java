package io.nanoedge.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Visits and journeys by status, and how long each step took, for {@code /metrics}: fed from the
 * {@code nanoedge.status.changed} facts (one per status stored, cluster-wide). Exposed as
 * {@code nanoedge_status_total{kind,status}} and {@code nanoedge_status_step_seconds{kind,status}} — the time
 * from the subject's previous status to this one, by the statuses' own timestamps.
 */
public final class StatusMetrics {
  /** Subjects whose last status is remembered for step times; the oldest are forgotten beyond this. */
  static final int MAX_TRACKED = 10_000;

  private final MeterRegistry registry;
  private final Map<String, Instant> lastStatusAt = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > MAX_TRACKED;
    }
  };

  StatusMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Subscribes this node to status changes and records them in the Vert.x Micrometer registry (the one
   * {@code /metrics} serves). Deploy it on one node per cluster, or aggregate with max() across nodes: every
   * subscriber sees every status.
   */
  public static Future<MessageConsumer<Object>> attach(Vertx vertx) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return Future.failedFuture(new IllegalStateException("Vert.x metrics are not enabled on this node"));
    }
    StatusMetrics metrics = new StatusMetrics(registry);
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.STATUS_CHANGED.address(), message -> {
      if (message.body() instanceof JsonObject json) {
        try {
          metrics.record(StatusRecord.fromJson(json));
        } catch (NanoException e) {
          metrics.unreadable();
        }
      }
    });
    return consumer.completion().map(v -> consumer);
  }

  synchronized void record(StatusRecord record) {
    String kind = record.kind().name().toLowerCase(Locale.ROOT);
    String status = record.status().wire();
    Counter.builder("nanoedge.status").description("Statuses stored, by subject kind and status")
        .tags("kind", kind, "status", status).register(registry).increment();
    String subject = kind + ":" + record.id();
    Instant previous = lastStatusAt.get(subject);
    if (previous != null && !record.at().isBefore(previous)) {
      Timer.builder("nanoedge.status.step").description("Time from a subject's previous status to this one")
          .tags("kind", kind, "status", status).register(registry).record(Duration.between(previous, record.at()));
    }
    if (record.status().failure() || record.status() == Status.PRESENTED) {
      lastStatusAt.remove(subject);
    } else {
      lastStatusAt.put(subject, record.at());
    }
  }

  void unreadable() {
    Counter.builder("nanoedge.status.unreadable").description("Status changes that did not parse")
        .register(registry).increment();
  }
}
