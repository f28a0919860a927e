package io.nanoedge.controller;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Admit;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.Arrived;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Detected;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.EventRoute;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.VisitList;
import io.nanoedge.bus.VisitSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active controller's runtime: serves the controller's commands and runs the {@link VisitWorkflow} on bus
 * replies and timers. It holds the open visits in a {@link VisitRegistry}, writes each transition ahead to the
 * {@link VisitStore} before acting on it, and has the {@link EffectRunner} perform the effects, so a standby can
 * resume exactly where this one stopped. Lives only while this node holds the leader lease; used on the
 * controller verticle's context only.
 */
final class ControllerEngine implements EffectRunner.Steps {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerEngine.class);

  private final Vertx vertx;
  private final String node;
  private final ControllerSettings settings;
  private final VisitRegistry visits = new VisitRegistry();
  private final VisitStore store;
  private final VisitWorkflow workflow;
  private final EffectRunner effects;
  private final StatusOutbox outbox;
  private final Map<String, Long> timers = new HashMap<>();
  private boolean closed;
  private final OutboxMetrics deadLetters;

  ControllerEngine(Vertx vertx, String node, ControllerSettings settings, AsyncMap<String, String> visitMap,
      AsyncMap<String, String> presentedMap) {
    this.vertx = vertx;
    this.node = node;
    this.settings = settings;
    this.store = new VisitStore(visitMap, presentedMap);
    this.deadLetters = OutboxMetrics.deadLetters();
    this.workflow = new VisitWorkflow(settings, visits);
    this.effects = new EffectRunner(vertx, workflow, busTimeout(), this);
    this.outbox = new StatusOutbox(effects::append, (delay, task) -> vertx.setTimer(delay, id -> task.run()),
        settings.statusBuffer(), settings.statusInFlight(), this::stored, this::refused);
  }

  private Duration busTimeout() {
    return Duration.ofMillis(settings.busTimeoutMs());
  }

  /** Loads the open visits a previous leader left and resumes each from its last status. */
  Future<Integer> start() {
    return store.load().map(saved -> {
      visits.restore(saved.visits(), saved.presented());
      long now = now();
      for (Visit v : visits.all()) {
        // Records the old leader may not have delivered; the API stores a (subject, seq) once.
        v.allRecords().forEach(outbox::add);
        apply(v, workflow.resume(v, now));
      }
      return visits.size();
    });
  }

  void close() {
    closed = true;
    outbox.close();
    timers.values().forEach(vertx::cancelTimer);
    timers.clear();
  }

  int openVisits() {
    return visits.size();
  }

  int pendingRecords() {
    return outbox.pending();
  }

  long deadLetters() {
    return outbox.deadLetters();
  }

  /** New visits are refused: too many records wait for the status log (see {@link #detect}). */
  boolean refusingVisits() {
    return outbox.full();
  }

  // ---- commands

  /**
   * Opens a visit for motion, or folds it into the visit still scanning at that location, or answers with the visit
   * this same motion (location, source, time) opened before: a retried report, e.g. after a takeover lost the
   * first answer.
   */
  Future<Detected> detect(Motion motion) {
    Optional<Visit> again = visits.openedBy(motion);
    if (again.isPresent()) {
      return Future.succeededFuture(new Detected(again.get().id(), again.get().lastStatus().wire(), true));
    }
    Optional<Visit> scanning = visits.scanningAt(motion.location());
    if (scanning.isPresent()) {
      return Future.succeededFuture(new Detected(scanning.get().id(), scanning.get().lastStatus().wire(), true));
    }
    if (outbox.full()) {
      return Future.failedFuture(NanoException.unavailable("the status log is unavailable and " + outbox.pending()
          + " records wait for it: no new visits until it is back"));
    }
    VisitWorkflow.Opened opened = workflow.open("v" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
        motion, now());
    Visit v = opened.visit();
    visits.add(v);
    return apply(v, opened.effects()).map(x -> new Detected(v.id(), v.lastStatus().wire(), false));
  }

  Future<VisitSummary> admit(Admit admit) {
    Visit v = visits.get(admit.visitId());
    if (v == null) {
      return Future.failedFuture(NanoException.notFound("no open visit '" + admit.visitId() + "'"));
    }
    if (v.journey(VisitWorkflow.admittedJourneyId(v.id(), admit)) != null) {
      return Future.succeededFuture(v.summary());
    }
    VisitWorkflow.requireAdmissible(v);
    EventRoute.Query query = new EventRoute.Query(admit.eventId(), v.location(), admit.personId());
    return Bus.request(vertx.eventBus(), Addresses.EVENT_ROUTE, query, busTimeout()).compose(route -> {
      Visit current = visits.get(admit.visitId());
      if (current == null || closed) {
        return Future.failedFuture(NanoException.conflict("visit '" + admit.visitId() + "' closed meanwhile"));
      }
      return apply(current, workflow.admit(current, admit, route, now())).map(x -> current.summary());
    });
  }

  /** A door presence: completes every journey it matches (a presence without tags: the oldest guest's). */
  Future<Arrived> arrival(Arrival arrival) {
    List<String> completed = new ArrayList<>();
    List<Future<Void>> saved = new ArrayList<>();
    long now = now();
    visits:
    for (Visit v : visits.all()) {
      for (Journey j : v.journeys()) {
        if (arrival.hashes().isEmpty() && !completed.isEmpty()) {
          break visits;
        }
        if (VisitWorkflow.arrives(j, arrival.location(), arrival.hashes())) {
          completed.add(j.id());
          saved.add(apply(v, workflow.arrived(j, now)));
        }
      }
    }
    return Future.all(saved).map(x -> new Arrived(completed));
  }

  /** The open visits; {@code active} leaves out those finished that only wait for their statuses to be stored. */
  VisitList list(boolean active) {
    return new VisitList(node, visits.all().stream().filter(v -> !active || !v.finished()).map(Visit::summary)
        .toList(), outbox.pending());
  }

  // ---- applying transitions

  /**
   * Saves the visit and performs the effects of its transition. Status appends and the presentation wait
   * for the save (write-ahead): a record the API stored must be in the state a standby resumes from, or
   * the standby would number a different status with the same sequence. Commands to devices and the API
   * go at once: they are idempotent on the visit/journey id (journey ids are deterministic), so a standby
   * resuming from the state before them simply issues them again.
   */
  private Future<Void> apply(Visit v, List<Effect> next) {
    rearm(v);
    Future<Void> written = store.save(v, visits.takeUnsavedClaims()).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("visit {} not saved to the cluster map ({}); going on, a takeover may repeat its last step",
            v.id(), ar.cause().toString());
      }
      return Future.succeededFuture();
    });
    List<Effect> afterSave = new ArrayList<>();
    for (Effect e : next) {
      if (closed) {
        break;
      } else if (e instanceof Effect.Append a) {
        // Queued now, so records keep the order they were made in; sent once the state holding them is saved.
        outbox.add(a.record(), written);
      } else if (e instanceof Effect.Show) {
        afterSave.add(e);
      } else {
        effects.perform(v.id(), e);
      }
    }
    return written.onSuccess(x -> {
      if (!closed) {
        afterSave.forEach(e -> effects.perform(v.id(), e));
        finishIfDone(v);
      }
    });
  }

  private void finishIfDone(Visit v) {
    if (v.finished() && outbox.pendingFor(v.id()) == 0 && visits.remove(v.id())) {
      Long timer = timers.remove(v.id());
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
      store.remove(v.id());
    }
  }

  private void stored(StatusRecord record) {
    Visit v = visits.get(record.visitId());
    if (v != null && !closed) {
      finishIfDone(v);
    }
  }

  /** A record the status log refused for good: counted, and its subject ends with a NOT status. */
  private void refused(StatusRecord record, Throwable cause) {
    deadLetters.increment();
    Visit v = visits.get(record.visitId());
    if (v != null && !closed) {
      apply(v, workflow.refused(v, record, ErrorCode.messageOf(cause), now()));
    }
  }

  private void rearm(Visit v) {
    Long old = timers.remove(v.id());
    if (old != null) {
      vertx.cancelTimer(old);
    }
    long next = v.nextDeadline();
    if (next != Long.MAX_VALUE) {
      timers.put(v.id(), vertx.setTimer(Math.max(1, next - now()), id -> {
        timers.remove(v.id(), id);
        visit(v.id(), current -> workflow.tick(current, now()));
      }));
    }
  }

  // ---- the outcome of an effect

  @Override
  public void visit(String visitId, Function<Visit, List<Effect>> step) {
    if (closed) {
      return;
    }
    Visit v = visits.get(visitId);
    if (v != null) {
      apply(v, step.apply(v));
    }
  }

  @Override
  public void journey(String visitId, String journeyId, BiFunction<Visit, Journey, List<Effect>> step) {
    visit(visitId, v -> {
      Journey j = v.journey(journeyId);
      return j == null ? List.of() : step.apply(v, j);
    });
  }

  @Override
  public boolean open(String visitId) {
    return !closed && visits.contains(visitId);
  }

  private static long now() {
    return EffectRunner.now();
  }
}
