package io.nanoedge.controller;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Admit;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.Arrived;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Detected;
import io.nanoedge.bus.EventRoute;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.VisitList;
import io.nanoedge.bus.VisitSummary;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active controller's runtime: holds the open visits, runs the {@link VisitWorkflow} on bus replies
 * and timers, performs its effects over the event bus, and keeps every visit in the cluster-wide map
 * before acting on a transition (write-ahead), so a standby can resume exactly where this one stopped.
 * Lives only while this node holds the leader lease; used on the controller verticle's context only.
 */
final class ControllerEngine implements VisitWorkflow.Registry {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerEngine.class);
  /** How long an event stays marked as presented (longer than any event lasts). */
  static final long PRESENTED_TTL_MS = Duration.ofHours(24).toMillis();

  private final Vertx vertx;
  private final String node;
  private final EventBus bus;
  private final ControllerSettings settings;
  private final AsyncMap<String, String> visitMap;
  private final AsyncMap<String, String> presentedMap;
  private final VisitWorkflow workflow;
  private final StatusOutbox outbox;
  private final Map<String, Visit> visits = new LinkedHashMap<>();
  private final Map<String, Long> timers = new HashMap<>();
  private final Map<String, Future<Void>> writes = new HashMap<>();
  private final Map<String, Future<Void>> queuedSaves = new HashMap<>();
  private final Map<Long, String> presented = new HashMap<>();
  private final Map<Long, String> unsavedClaims = new HashMap<>();
  private boolean closed;

  ControllerEngine(Vertx vertx, String node, ControllerSettings settings, AsyncMap<String, String> visitMap,
      AsyncMap<String, String> presentedMap) {
    this.vertx = vertx;
    this.node = node;
    this.bus = vertx.eventBus();
    this.settings = settings;
    this.visitMap = visitMap;
    this.presentedMap = presentedMap;
    this.workflow = new VisitWorkflow(settings, this);
    this.outbox = new StatusOutbox(this::append, (delay, task) -> vertx.setTimer(delay, id -> task.run()),
        settings.statusBuffer(), this::stored);
  }

  /** Loads the open visits a previous leader left and resumes each from its last status. */
  Future<Integer> start() {
    return Future.all(visitMap.entries(), presentedMap.entries()).map(all -> {
      Map<String, String> saved = all.resultAt(0);
      Map<String, String> claims = all.resultAt(1);
      claims.forEach((event, journey) -> presented.put(Long.parseLong(event), journey));
      long now = now();
      saved.values().stream().map(json -> Visit.fromJson(new JsonObject(json)))
          .sorted((a, b) -> Long.compare(a.openedAt(), b.openedAt())).forEach(v -> visits.put(v.id(), v));
      for (Visit v : List.copyOf(visits.values())) {
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

  // ---- commands

  /** Opens a visit for motion, or folds it into the visit still scanning at that location. */
  Future<Detected> detect(Motion motion) {
    for (Visit v : visits.values()) {
      if (v.location().equals(motion.location()) && v.step() == Visit.Step.SCANNING) {
        return Future.succeededFuture(new Detected(v.id(), v.lastStatus().wire(), true));
      }
    }
    if (outbox.full()) {
      return Future.failedFuture(NanoException.unavailable("the status log is unavailable and " + outbox.pending()
          + " records wait for it: no new visits until it is back"));
    }
    VisitWorkflow.Opened opened = workflow.open("v" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
        motion, now());
    Visit v = opened.visit();
    visits.put(v.id(), v);
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
    return Bus.request(bus, Addresses.EVENT_ROUTE, query, Duration.ofMillis(settings.busTimeoutMs()))
        .compose(route -> {
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
    for (Visit v : List.copyOf(visits.values())) {
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

  /** The open visits; {@code active} leaves out those that are finished and only wait for their statuses to be stored. */
  VisitList list(boolean active) {
    return new VisitList(node, visits.values().stream().filter(v -> !active || !v.finished()).map(Visit::summary)
        .toList(), outbox.pending());
  }

  // ---- registry for the workflow

  @Override
  public Optional<String> activeJourney(long personId, long eventId) {
    for (Visit v : visits.values()) {
      for (Journey j : v.journeys()) {
        if (!j.done() && j.hash() != null && j.participant().personId() == personId
            && j.participant().eventId() == eventId) {
          return Optional.of(j.id());
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean claimPresentation(long eventId, String journeyId) {
    String holder = presented.putIfAbsent(eventId, journeyId);
    if (holder == null) {
      unsavedClaims.put(eventId, journeyId);
      return true;
    }
    return holder.equals(journeyId);
  }

  // ---- applying transitions

  /**
   * Saves the visit and performs the effects of its transition. Status appends and the presentation wait
   * for the save (write-ahead): a record the API stored must be in the state a standby resumes from, or
   * the standby would number a different status with the same sequence. Commands to devices and the API
   * go at once: they are idempotent on the visit/journey id (journey ids are deterministic), so a standby
   * resuming from the state before them simply issues them again.
   */
  private Future<Void> apply(Visit v, List<Effect> effects) {
    rearm(v);
    List<Future<?>> writes = new ArrayList<>();
    Future<Void> saved = save(v);
    writes.add(saved);
    unsavedClaims.forEach((event, journey) ->
        writes.add(presentedMap.put(Long.toString(event), journey, PRESENTED_TTL_MS)));
    unsavedClaims.clear();
    Future<Void> written = Future.join(writes).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("visit {} not saved to the cluster map ({}); going on, a takeover may repeat its last step",
            v.id(), ar.cause().toString());
      }
      return Future.succeededFuture();
    });
    List<Effect> afterSave = new ArrayList<>();
    for (Effect e : effects) {
      if (closed) {
        break;
      } else if (e instanceof Effect.Append a) {
        // Queued now, so records keep the order they were made in; sent once the state holding them is saved.
        outbox.add(a.record(), written);
      } else if (e instanceof Effect.Show) {
        afterSave.add(e);
      } else {
        perform(v.id(), e);
      }
    }
    return written.onSuccess(x -> {
      if (!closed) {
        afterSave.forEach(e -> perform(v.id(), e));
        finishIfDone(v);
      }
    });
  }

  /**
   * Writes the visit's latest state. Writes of one visit are chained so the map never goes back in time;
   * transitions made while a write is in flight share the one queued write, which encodes the state when
   * it starts (so a busy leader writes each visit at most twice per round trip, not once per transition).
   */
  private Future<Void> save(Visit v) {
    Future<Void> queued = queuedSaves.get(v.id());
    if (queued != null) {
      return queued;
    }
    Promise<Void> done = Promise.promise();
    queuedSaves.put(v.id(), done.future());
    chain(v.id(), () -> {
      queuedSaves.remove(v.id(), done.future());
      return visitMap.put(v.id(), v.toJson().encode());
    }).onComplete(done);
    return done.future();
  }

  private Future<Void> chain(String id, Supplier<Future<?>> write) {
    Future<Void> previous = writes.getOrDefault(id, Future.succeededFuture());
    Future<Void> next = previous.transform(x -> write.get()).mapEmpty();
    writes.put(id, next);
    next.onComplete(x -> writes.remove(id, next));
    return next;
  }

  private void finishIfDone(Visit v) {
    if (v.finished() && outbox.pendingFor(v.id()) == 0 && visits.remove(v.id()) != null) {
      Long timer = timers.remove(v.id());
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
      chain(v.id(), () -> visitMap.remove(v.id()));
    }
  }

  private void stored(StatusRecord record) {
    Visit v = visits.get(record.visitId());
    if (v != null && !closed) {
      finishIfDone(v);
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
        onVisit(v.id(), current -> workflow.tick(current, now()));
      }));
    }
  }

  private void onVisit(String visitId, Function<Visit, List<Effect>> step) {
    if (closed) {
      return;
    }
    Visit v = visits.get(visitId);
    if (v != null) {
      apply(v, step.apply(v));
    }
  }

  private void onJourney(String visitId, String journeyId, BiFunction<Visit, Journey, List<Effect>> step) {
    onVisit(visitId, v -> {
      Journey j = v.journey(journeyId);
      return j == null ? List.of() : step.apply(v, j);
    });
  }

  private void perform(String visitId, Effect effect) {
    if (effect instanceof Effect.Scan s) {
      Bus.request(bus, Addresses.BLE_SCAN.at(s.request().location()), s.request(), Duration.ofMillis(s.timeoutMs()))
          .onComplete(ar -> onVisit(visitId, v -> ar.succeeded() ? workflow.scanned(v, ar.result(), now())
              : workflow.scanFailed(v, ar.cause(), now())));
    } else if (effect instanceof Effect.Authenticate a) {
      Bus.request(bus, Addresses.AUTHENTICATE, a.request(), Duration.ofMillis(settings.busTimeoutMs()))
          .onComplete(ar -> onVisit(visitId, v -> ar.succeeded() ? workflow.authenticated(v, ar.result(), now())
              : workflow.authFailed(v, ar.cause(), now())));
    } else if (effect instanceof Effect.Guide g) {
      Bus.request(bus, Addresses.LED_NODE.at(g.hop().node()), g.hop(), Duration.ofMillis(settings.busTimeoutMs()))
          .onComplete(ar -> onJourney(visitId, g.journeyId(), (v, j) -> ar.succeeded() ? workflow.guideStarted(j)
              : workflow.guideFailed(j, ar.cause(), now())));
    } else if (effect instanceof Effect.StopGuide s) {
      Bus.publish(bus, Addresses.GUIDE_STOP, s.stop());
    } else if (effect instanceof Effect.Show s) {
      Bus.request(bus, Addresses.ROOM_PRESENT.at(s.present().roomLocation()), s.present(),
              Duration.ofMillis(s.timeoutMs()))
          .onComplete(ar -> onJourney(visitId, s.journeyId(), (v, j) -> ar.succeeded() ? workflow.presented(j, now())
              : workflow.presentFailed(j, ar.cause(), now())));
    } else if (effect instanceof Effect.Later l) {
      vertx.setTimer(l.delayMs(), id -> {
        if (!closed && visits.containsKey(visitId)) {
          perform(visitId, l.effect());
        }
      });
    }
  }

  private Future<Void> append(StatusRecord record) {
    return Bus.request(bus, Addresses.STATUS_APPEND, record, Duration.ofMillis(settings.busTimeoutMs()))
        .<Void>mapEmpty()
        .onFailure(t -> LOG.debug("status {} #{} not stored yet: {}", record.id(), record.seq(), t.toString()));
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
