package io.nanoedge.controller;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.StatusRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs the workflow's {@link Effect}s over the event bus (scan, authenticate, guide, present, status appends)
 * and hands each reply or failure back to the workflow through {@link Steps}, which the engine runs on the open
 * visit. Used on the controller verticle's context only.
 */
final class EffectRunner {
  private static final Logger LOG = LoggerFactory.getLogger(EffectRunner.class);

  /** Where the outcome of an effect goes: the next step of a visit or of one of its journeys. */
  interface Steps {
    void visit(String visitId, Function<Visit, List<Effect>> step);

    void journey(String visitId, String journeyId, BiFunction<Visit, Journey, List<Effect>> step);

    /** Whether the visit is still open here (a delayed retry of a closed one is dropped). */
    boolean open(String visitId);
  }

  private final Vertx vertx;
  private final EventBus bus;
  private final VisitWorkflow workflow;
  private final Duration busTimeout;
  private final Steps steps;

  EffectRunner(Vertx vertx, VisitWorkflow workflow, Duration busTimeout, Steps steps) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.workflow = workflow;
    this.busTimeout = busTimeout;
    this.steps = steps;
  }

  void perform(String visitId, Effect effect) {
    if (effect instanceof Effect.Scan s) {
      Bus.request(bus, Addresses.BLE_SCAN.at(s.request().location()), s.request(), Duration.ofMillis(s.timeoutMs()))
          .onComplete(ar -> steps.visit(visitId, v -> ar.succeeded() ? workflow.scanned(v, ar.result(), now())
              : workflow.scanFailed(v, ar.cause(), now())));
    } else if (effect instanceof Effect.Authenticate a) {
      Bus.request(bus, Addresses.AUTHENTICATE, a.request(), busTimeout)
          .onComplete(ar -> steps.visit(visitId, v -> ar.succeeded() ? workflow.authenticated(v, ar.result(), now())
              : workflow.authFailed(v, ar.cause(), now())));
    } else if (effect instanceof Effect.Guide g) {
      Bus.request(bus, Addresses.LED_NODE.at(g.hop().node()), g.hop(), busTimeout)
          .onComplete(ar -> steps.journey(visitId, g.journeyId(), (v, j) -> ar.succeeded() ? workflow.guideStarted(j)
              : workflow.guideFailed(j, ar.cause(), now())));
    } else if (effect instanceof Effect.StopGuide s) {
      Bus.publish(bus, Addresses.GUIDE_STOP, s.stop());
    } else if (effect instanceof Effect.Show s) {
      Bus.request(bus, Addresses.ROOM_PRESENT.at(s.present().roomLocation()), s.present(),
              Duration.ofMillis(s.timeoutMs()))
          .onComplete(ar -> steps.journey(visitId, s.journeyId(), (v, j) -> ar.succeeded()
              ? workflow.presented(j, now()) : workflow.presentFailed(j, ar.cause(), now())));
    } else if (effect instanceof Effect.Later l) {
      vertx.setTimer(l.delayMs(), id -> {
        if (steps.open(visitId)) {
          perform(visitId, l.effect());
        }
      });
    }
  }

  /** Sends one status line to the status log (the outbox retries it until it is stored). */
  Future<Void> append(StatusRecord record) {
    return Bus.request(bus, Addresses.STATUS_APPEND, record, busTimeout)
        .<Void>mapEmpty()
        .onFailure(t -> LOG.debug("status {} #{} not stored yet: {}", record.id(), record.seq(), t.toString()));
  }

  static long now() {
    return System.currentTimeMillis();
  }
}
