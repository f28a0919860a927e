package io.nanoedge.controller;

import io.nanoedge.bus.Participant;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.VisitSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One participant's way from the entrance to the event's room, inside a {@link Visit}: its status log
 * (own sequence numbers), the step it is in and that step's deadline. Mutable, owned by the leader; its
 * JSON form is what the cluster keeps for a standby.
 */
public final class Journey {
  /** What the journey is waiting for. */
  public enum Step { GUIDING, PRESENTING, DONE }

  private final String id;
  private final String visitId;
  private final Participant participant;
  private final String guestName;
  private final String admittedBy;
  private final List<StatusRecord> records = new ArrayList<>();
  private Step step;
  private long deadline;
  private boolean guideAcked;

  Journey(String id, String visitId, Participant participant, String guestName, String admittedBy) {
    this.id = id;
    this.visitId = visitId;
    this.participant = participant;
    this.guestName = guestName;
    this.admittedBy = admittedBy;
    this.step = Step.GUIDING;
  }

  public String id() {
    return id;
  }

  public String visitId() {
    return visitId;
  }

  public Participant participant() {
    return participant;
  }

  /** The tag hash that re-authenticates this person at the door; null for someone admitted by hand. */
  public String hash() {
    return participant.hash();
  }

  public String guestName() {
    return guestName;
  }

  public Step step() {
    return step;
  }

  public long deadline() {
    return deadline;
  }

  public boolean guideAcked() {
    return guideAcked;
  }

  public List<StatusRecord> records() {
    return List.copyOf(records);
  }

  public Status lastStatus() {
    return records.get(records.size() - 1).status();
  }

  public boolean done() {
    return step == Step.DONE;
  }

  void step(Step next, long nextDeadline) {
    this.step = next;
    this.deadline = nextDeadline;
  }

  void guideAcked(boolean acked) {
    this.guideAcked = acked;
  }

  /** Appends the next status of this journey and returns the record to send to the status log. */
  StatusRecord record(Status status, String reason, long now) {
    JsonObject data = new JsonObject().put("personId", participant.personId())
        .put("personName", participant.personName()).put("eventId", participant.eventId())
        .put("eventTitle", participant.eventTitle()).put("roomId", participant.roomId())
        .put("roomLocation", participant.roomLocation());
    if (guestName != null) {
      data.put("guestName", guestName);
    }
    if (admittedBy != null) {
      data.put("admittedBy", admittedBy);
    }
    StatusRecord r = new StatusRecord(StatusRecord.Kind.JOURNEY, id, visitId, records.size() + 1, status,
        Instant.ofEpochMilli(now), reason, data);
    records.add(r);
    return r;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("visitId", visitId)
        .put("participant", participant.toJson()).put("step", step.name()).put("deadline", deadline)
        .put("guideAcked", guideAcked)
        .put("records", new JsonArray(records.stream().map(StatusRecord::toJson).toList()));
    if (guestName != null) {
      json.put("guestName", guestName);
    }
    if (admittedBy != null) {
      json.put("admittedBy", admittedBy);
    }
    return json;
  }

  static Journey fromJson(JsonObject json) {
    Journey j = new Journey(json.getString("id"), json.getString("visitId"),
        Participant.fromJson(json.getJsonObject("participant")), json.getString("guestName"),
        json.getString("admittedBy"));
    j.step = Step.valueOf(json.getString("step"));
    j.deadline = json.getLong("deadline");
    j.guideAcked = json.getBoolean("guideAcked", false);
    for (Object r : json.getJsonArray("records")) {
      j.records.add(StatusRecord.fromJson((JsonObject) r));
    }
    return j;
  }

  /** What the shell and the VISITS command show of a journey. */
  public VisitSummary.JourneySummary summary() {
    return new VisitSummary.JourneySummary(id, lastStatus().wire(), step.name(), participant.personId(),
        participant.personName(), participant.eventId(), participant.roomLocation(), participant.ledPath(), guestName);
  }
}
