package io.nanoedge.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The outbox's counter in the node's {@code /metrics}: {@code nanoedge_outbox_dead_letters_total}, the status
 * records the status log refused and the controller set aside. A node without Vert.x metrics (a unit test) counts
 * nowhere; the outbox keeps its own count for readiness either way.
 */
final class OutboxMetrics {
  private final Counter counter;

  private OutboxMetrics(Counter counter) {
    this.counter = counter;
  }

  static OutboxMetrics deadLetters() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return new OutboxMetrics(registry == null ? null : Counter.builder("nanoedge.outbox.dead.letters")
        .description("Status records the status log refused (4xx) and the controller set aside").register(registry));
  }

  void increment() {
    if (counter != null) {
      counter.increment();
    }
  }
}
