package io.nanoedge.controller;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.StatusRecord;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's side of the status log: records wait here until the API has stored them. One record
 * per subject is in flight at a time, so a subject's records are stored in sequence order; subjects go in
 * parallel. A record may be held until a future completes (the save of the state that produced it), yet
 * it keeps its place in its subject's queue, so the order is the order of {@link #add}. An append that failed
 * for a passing reason (the API or its database unavailable, busy, silent) is retried with a growing pause
 * (0.5 s up to 2 s) until it is stored: none is lost to an outage. At most {@code maxInFlight} records are in
 * flight at once; the subjects beyond wait their turn in order (after an outage or a takeover thousands of subjects
 * are ready together, and sent at once they overflowed the APIs' database queues: answered busy, retried, again).
 * One the API refused (a 4xx: the record itself is wrong, and would be refused for ever) is set aside as a dead
 * letter and handed to {@link Refused}, so it can neither block its subject nor fill the buffer. The buffer is bounded:
 * {@link #full()} tells the controller to refuse new visits.
 * Not thread-safe: used on the controller verticle's context only.
 */
public final class StatusOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(StatusOutbox.class);
  static final long FIRST_RETRY_MS = 500;
  static final long MAX_RETRY_MS = 2_000;

  /** Sends one record; the future fails when the API did not store it. */
  public interface Sender {
    Future<Void> send(StatusRecord record);
  }

  /** Told of a record the status log refused for good, after it left the queue. */
  public interface Refused {
    void refused(StatusRecord record, Throwable cause);
  }

  /** Runs a task later (a Vert.x timer in the controller, a fake clock in tests). */
  public interface Scheduler {
    void schedule(long delayMs, Runnable task);
  }

  private final Sender sender;
  private final Scheduler scheduler;
  private final int capacity;
  private final int maxInFlight;
  private final Consumer<StatusRecord> stored;
  private final Refused refused;
  private final Map<String, ArrayDeque<Entry>> queues = new HashMap<>();
  private final Set<String> gated = new HashSet<>();
  private final Map<String, Integer> pendingPerVisit = new HashMap<>();
  private final Set<String> inFlight = new HashSet<>();
  private final Set<String> waiting = new LinkedHashSet<>();
  private final Set<String> throttled = new LinkedHashSet<>();
  private long retryMs = FIRST_RETRY_MS;
  private boolean retryScheduled;
  private int pending;
  private long deadLetters;
  private boolean closed;

  public StatusOutbox(Sender sender, Scheduler scheduler, int capacity, int maxInFlight,
      Consumer<StatusRecord> stored) {
    this(sender, scheduler, capacity, maxInFlight, stored, (record, cause) -> {
    });
  }

  public StatusOutbox(Sender sender, Scheduler scheduler, int capacity, int maxInFlight,
      Consumer<StatusRecord> stored, Refused refused) {
    this.sender = sender;
    this.scheduler = scheduler;
    this.capacity = capacity;
    this.maxInFlight = maxInFlight;
    this.stored = stored;
    this.refused = refused;
  }

  /**
   * Whether a failed append is a refusal of the record itself: a client error (4xx) the API would answer again,
   * as opposed to an outage (503, 504: nobody answered, or the database is down or busy) or an internal error.
   */
  static boolean permanent(Throwable cause) {
    int status = ErrorCode.of(cause).status();
    return status >= 400 && status < 500;
  }

  /** A queued record and what must complete before it may be sent. */
  private record Entry(StatusRecord record, Future<?> ready) {
  }

  /** Queues a record to send at once (in its subject's order). */
  public void add(StatusRecord record) {
    add(record, Future.succeededFuture());
  }

  /**
   * Queues a record to send once {@code ready} completes (either way); a record already queued (same
   * subject and sequence) is not queued twice.
   */
  public void add(StatusRecord record, Future<?> ready) {
    ArrayDeque<Entry> queue = queues.computeIfAbsent(record.id(), k -> new ArrayDeque<>());
    if (queue.stream().anyMatch(e -> e.record().seq() == record.seq())) {
      return;
    }
    queue.add(new Entry(record, ready));
    pending++;
    pendingPerVisit.merge(record.visitId(), 1, Integer::sum);
    pump(record.id());
  }

  public boolean full() {
    return pending >= capacity;
  }

  public int pending() {
    return pending;
  }

  /** Records the status log refused and that were set aside since this outbox started. */
  public long deadLetters() {
    return deadLetters;
  }

  /** Records of this visit (and its journeys) not yet stored. */
  public int pendingFor(String visitId) {
    return pendingPerVisit.getOrDefault(visitId, 0);
  }

  /** Stops sending (this node is no longer the leader); the new leader re-sends from the shared state. */
  public void close() {
    closed = true;
  }

  private void pump(String subject) {
    if (closed || inFlight.contains(subject) || waiting.contains(subject) || gated.contains(subject)
        || throttled.contains(subject)) {
      return;
    }
    ArrayDeque<Entry> queue = queues.get(subject);
    if (queue == null || queue.isEmpty()) {
      queues.remove(subject);
      return;
    }
    Entry entry = queue.peek();
    if (!entry.ready().isComplete()) {
      gated.add(subject);
      entry.ready().onComplete(ar -> {
        gated.remove(subject);
        pump(subject);
      });
      return;
    }
    if (inFlight.size() >= maxInFlight) {
      throttled.add(subject);
      return;
    }
    StatusRecord head = entry.record();
    inFlight.add(subject);
    sender.send(head).onComplete(ar -> {
      inFlight.remove(subject);
      if (ar.succeeded()) {
        retryMs = FIRST_RETRY_MS;
        dequeue(queue, head);
        stored.accept(head);
        pump(subject);
      } else if (permanent(ar.cause())) {
        dequeue(queue, head);
        deadLetters++;
        LOG.warn("status {} #{} {} refused by the status log, set aside: {}", head.id(), head.seq(),
            head.status().wire(), ErrorCode.messageOf(ar.cause()));
        refused.refused(head, ar.cause());
        pump(subject);
      } else {
        waiting.add(subject);
        scheduleRetry();
      }
      nextInTurn();
    });
  }

  /** Gives the free places to the subjects waiting their turn, oldest first. */
  private void nextInTurn() {
    while (!closed && inFlight.size() < maxInFlight && !throttled.isEmpty()) {
      String next = throttled.iterator().next();
      throttled.remove(next);
      pump(next);
    }
  }

  private void dequeue(ArrayDeque<Entry> queue, StatusRecord head) {
    queue.poll();
    pending--;
    pendingPerVisit.computeIfPresent(head.visitId(), (k, n) -> n == 1 ? null : n - 1);
  }

  private void scheduleRetry() {
    if (retryScheduled || closed) {
      return;
    }
    retryScheduled = true;
    long delay = retryMs;
    retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
    scheduler.schedule(delay, () -> {
      retryScheduled = false;
      Set<String> again = new LinkedHashSet<>(waiting);
      waiting.clear();
      again.forEach(this::pump);
    });
  }
}
