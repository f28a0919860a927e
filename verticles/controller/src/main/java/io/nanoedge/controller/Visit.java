package io.nanoedge.controller;

import io.nanoedge.bus.Fields;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.VisitSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Someone seen at an entrance: the visit's own status log, the step it is in (with a deadline, so a
 * standby that takes over can re-arm the timer), the tags its scan saw and the journeys it started.
 * Mutable, owned by the leader; {@link #toJson()} is the form kept in the cluster's shared map.
 */
public final class Visit {
  /** What the visit is waiting for. */
  public enum Step { SCANNING, AUTHENTICATING, AWAITING_ADMISSION, AUTHENTICATED, CLOSED }

  private final String id;
  private final String location;
  private final String source;
  private final long openedAt;
  private final List<StatusRecord> records = new ArrayList<>();
  private final Map<String, Journey> journeys = new LinkedHashMap<>();
  private List<String> hashes = List.of();
  private Step step;
  private long deadline;

  Visit(String id, String location, String source, long openedAt) {
    this.id = id;
    this.location = location;
    this.source = source;
    this.openedAt = openedAt;
    this.step = Step.SCANNING;
  }

  public String id() {
    return id;
  }

  public String location() {
    return location;
  }

  public long openedAt() {
    return openedAt;
  }

  public Step step() {
    return step;
  }

  public long deadline() {
    return deadline;
  }

  public List<String> hashes() {
    return hashes;
  }

  public List<StatusRecord> records() {
    return List.copyOf(records);
  }

  public Status lastStatus() {
    return records.get(records.size() - 1).status();
  }

  public List<Journey> journeys() {
    return List.copyOf(journeys.values());
  }

  public Journey journey(String journeyId) {
    return journeys.get(journeyId);
  }

  /** The visit has its final status and every journey has ended: nothing more will happen to it. */
  public boolean finished() {
    return (step == Step.CLOSED || step == Step.AUTHENTICATED) && journeys.values().stream().allMatch(Journey::done);
  }

  /** The earliest deadline of the visit and its journeys, or {@link Long#MAX_VALUE} when nothing waits. */
  public long nextDeadline() {
    long next = step == Step.CLOSED || step == Step.AUTHENTICATED ? Long.MAX_VALUE : deadline;
    for (Journey j : journeys.values()) {
      if (!j.done()) {
        next = Math.min(next, j.deadline());
      }
    }
    return next;
  }

  void step(Step next, long nextDeadline) {
    this.step = next;
    this.deadline = nextDeadline;
  }

  void hashes(List<String> seen) {
    this.hashes = List.copyOf(seen);
  }

  void add(Journey journey) {
    journeys.put(journey.id(), journey);
  }

  /** Appends the next status of the visit and returns the record to send to the status log. */
  StatusRecord record(Status status, String reason, JsonObject extra, long now) {
    JsonObject data = new JsonObject().put("location", location).put("source", source);
    if (extra != null) {
      data.mergeIn(extra);
    }
    StatusRecord r = new StatusRecord(StatusRecord.Kind.VISIT, id, id, records.size() + 1, status,
        Instant.ofEpochMilli(now), reason, data);
    records.add(r);
    return r;
  }

  /** Every status record of the visit and its journeys, each subject in sequence order. */
  public List<StatusRecord> allRecords() {
    List<StatusRecord> all = new ArrayList<>(records);
    journeys.values().forEach(j -> all.addAll(j.records()));
    return all;
  }

  /**
   * Whether this visit was opened by {@code motion}: same location, source and time of the motion (a device
   * that retries its report after an error sends it again as it was; a visit opened by the first try, whose answer
   * was lost, must not be opened twice).
   */
  public boolean openedBy(Motion motion) {
    if (!location.equals(motion.location()) || !source.equals(motion.source()) || records.isEmpty()) {
      return false;
    }
    JsonObject init = records.get(0).data();
    return init != null && motion.at().toString().equals(init.getString("at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("v", 1).put("id", id).put("location", location).put("source", source)
        .put("openedAt", openedAt).put("step", step.name()).put("deadline", deadline)
        .put("hashes", Fields.toArray(hashes))
        .put("records", new JsonArray(records.stream().map(StatusRecord::toJson).toList()))
        .put("journeys", new JsonArray(journeys.values().stream().map(Journey::toJson).toList()));
  }

  public static Visit fromJson(JsonObject json) {
    Visit v = new Visit(json.getString("id"), json.getString("location"), json.getString("source"),
        json.getLong("openedAt"));
    v.step = Step.valueOf(json.getString("step"));
    v.deadline = json.getLong("deadline");
    v.hashes = Fields.stringList(json, "hashes", false);
    for (Object r : json.getJsonArray("records")) {
      v.records.add(StatusRecord.fromJson((JsonObject) r));
    }
    for (Object j : json.getJsonArray("journeys")) {
      v.add(Journey.fromJson((JsonObject) j));
    }
    return v;
  }

  /** What the shell and the VISITS command show of a visit. */
  public VisitSummary summary() {
    return new VisitSummary(id, location, lastStatus().wire(), step.name(), Instant.ofEpochMilli(openedAt).toString(),
        journeys.values().stream().map(Journey::summary).toList());
  }
}
