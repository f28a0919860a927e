package io.nanoedge.testkit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The tests' one way to wait: for a condition, with a bound, or for a future, with a bound. Tests never sleep a
 * fixed time hoping something has happened; they wait until it has, and fail naming what did not happen.
 */
public final class Eventually {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private Eventually() {
  }

  /** Whether {@code condition} became true within {@code timeout} (checked every 10 ms). */
  public static boolean within(Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        throw new AssertionError("interrupted while waiting");
      }
    }
    return true;
  }

  /** Waits until {@code condition} holds; fails with "timed out waiting until {@code what}" after {@code timeout}. */
  public static void until(String what, BooleanSupplier condition, Duration timeout) {
    if (!within(timeout, condition)) {
      throw new AssertionError("timed out waiting until " + what);
    }
  }

  /** The future's result within 30 s; its failure is rethrown as it is when it is a runtime exception. */
  public static <T> T await(Future<T> future) {
    return await(future, Duration.ofSeconds(30));
  }

  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
