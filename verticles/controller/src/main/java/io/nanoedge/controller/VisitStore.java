package io.nanoedge.controller;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The write-ahead store of the leader's state in the cluster-wide maps (Hazelcast, with a backup), so a standby
 * resumes exactly where this leader stopped: each open visit, and which journey presents which event. Used on
 * the controller verticle's context only.
 */
final class VisitStore {
  /** How long an event stays marked as presented (longer than any event lasts). */
  static final long PRESENTED_TTL_MS = Duration.ofHours(24).toMillis();

  private final AsyncMap<String, String> visitMap;
  private final AsyncMap<String, String> presentedMap;
  private final Map<String, Future<Void>> writes = new HashMap<>();
  private final Map<String, Future<Void>> queuedSaves = new HashMap<>();

  VisitStore(AsyncMap<String, String> visitMap, AsyncMap<String, String> presentedMap) {
    this.visitMap = visitMap;
    this.presentedMap = presentedMap;
  }

  /** What a previous leader saved. */
  record Saved(List<Visit> visits, Map<Long, String> presented) {
  }

  Future<Saved> load() {
    return Future.all(visitMap.entries(), presentedMap.entries()).map(all -> {
      Map<String, String> visits = all.resultAt(0);
      Map<String, String> claims = all.resultAt(1);
      Map<Long, String> presented = new HashMap<>();
      claims.forEach((event, journey) -> presented.put(Long.parseLong(event), journey));
      return new Saved(visits.values().stream().map(json -> Visit.fromJson(new JsonObject(json))).toList(),
          presented);
    });
  }

  /** Saves the visit's latest state and the presentation claims it made; completes when both are written. */
  Future<Void> save(Visit v, Map<Long, String> claims) {
    List<Future<?>> all = new ArrayList<>();
    all.add(save(v));
    claims.forEach((event, journey) -> all.add(presentedMap.put(Long.toString(event), journey, PRESENTED_TTL_MS)));
    return Future.join(all).mapEmpty();
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

  /** Forgets a finished visit, after any write of it still in flight. */
  void remove(String visitId) {
    chain(visitId, () -> visitMap.remove(visitId));
  }

  private Future<Void> chain(String id, Supplier<Future<?>> write) {
    Future<Void> previous = writes.getOrDefault(id, Future.succeededFuture());
    Future<Void> next = previous.transform(x -> write.get()).mapEmpty();
    writes.put(id, next);
    next.onComplete(x -> writes.remove(id, next));
    return next;
  }
}
