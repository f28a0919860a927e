package io.nanoedge.device.presence;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Detected;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Motion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Delivers an entrance motion to the controller as a DETECT command and keeps trying while nobody answers.
 * The MOTION fact is at-most-once: while a standby controller takes over (1–2 s) it reaches no one. A DETECT
 * that fails with "unavailable" or "timeout" is sent again with a growing pause until {@code retryFor} has
 * passed; the controller folds a repeated motion into the visit that is still scanning, so a retry that
 * overlaps a delivered one opens nothing twice.
 */
final class DetectSender {
  static final long FIRST_PAUSE_MS = 100;
  static final long MAX_PAUSE_MS = 1000;

  /** Runs a task later (a Vert.x timer in the verticle, a hand-driven one in tests). */
  interface Scheduler {
    void schedule(long delayMs, Runnable task);
  }

  private final Function<Motion, Future<Detected>> detect;
  private final Scheduler scheduler;
  private final LongSupplier clock;
  private final long retryForMs;

  DetectSender(Vertx vertx, Duration timeout, long retryForMs) {
    this(motion -> Bus.request(vertx.eventBus(), Addresses.DETECT, motion, timeout),
        (delay, task) -> vertx.setTimer(delay, id -> task.run()), System::currentTimeMillis, retryForMs);
  }

  DetectSender(Function<Motion, Future<Detected>> detect, Scheduler scheduler, LongSupplier clock,
      long retryForMs) {
    this.detect = detect;
    this.scheduler = scheduler;
    this.clock = clock;
    this.retryForMs = retryForMs;
  }

  /** The controller's reply, or the last failure. */
  Future<Detected> send(Motion motion) {
    Promise<Detected> result = Promise.promise();
    attempt(motion, clock.getAsLong() + retryForMs, FIRST_PAUSE_MS, result);
    return result.future();
  }

  private void attempt(Motion motion, long deadline, long pause, Promise<Detected> result) {
    detect.apply(motion).onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
        return;
      }
      ErrorCode code = ErrorCode.of(ar.cause());
      boolean retryable = code == ErrorCode.UNAVAILABLE || code == ErrorCode.TIMEOUT;
      if (!retryable || clock.getAsLong() + pause > deadline) {
        result.fail(ar.cause());
        return;
      }
      scheduler.schedule(pause, () -> attempt(motion, deadline, Math.min(MAX_PAUSE_MS, pause * 2), result));
    });
  }
}
