package io.nanoedge.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status outbox without Vert.x: order per subject, retry without loss, the bounded buffer. */
class StatusOutboxTest {
  private final List<Promise<Void>> inFlight = new ArrayList<>();
  private final List<StatusRecord> sent = new ArrayList<>();
  private final List<Runnable> timers = new ArrayList<>();
  private final List<StatusRecord> stored = new ArrayList<>();
  private final List<StatusRecord> refused = new ArrayList<>();
  private final StatusOutbox outbox = new StatusOutbox(r -> {
    sent.add(r);
    Promise<Void> p = Promise.promise();
    inFlight.add(p);
    return p.future();
  }, (delay, task) -> timers.add(task), 3, 10, stored::add, (r, cause) -> refused.add(r));

  private static StatusRecord record(String id, int seq) {
    return new StatusRecord(StatusRecord.Kind.VISIT, id, id, seq, Status.INIT, null, null, null);
  }

  @Test
  void aSubjectHasOneRecordInFlightAndItsRecordsGoInSequenceOrder() {
    // GIVEN two records of one subject and one of another
    outbox.add(record("a", 1));
    outbox.add(record("a", 2));
    outbox.add(record("b", 1));
    // THEN a#1 and b#1 are sent, a#2 waits for a#1
    assertThat(sent.stream().map(r -> r.id() + r.seq()).toList()).isEqualTo(List.of("a1", "b1"));
    // WHEN a#1 is stored
    inFlight.get(0).complete();
    // THEN a#2 goes next
    assertThat(sent.get(2).id() + sent.get(2).seq()).isEqualTo("a2");
    assertThat(outbox.pending()).isEqualTo(2);
  }

  @Test
  void atMostMaxInFlightAreSentAtOnceAndTheOthersWaitTheirTurnInOrder() {
    StatusOutbox narrow = new StatusOutbox(r -> {
      sent.add(r);
      Promise<Void> p = Promise.promise();
      inFlight.add(p);
      return p.future();
    }, (delay, task) -> timers.add(task), 100, 2, stored::add);
    // GIVEN five subjects ready at once (as after an outage), two places
    for (String subject : List.of("a", "b", "c", "d", "e")) {
      narrow.add(record(subject, 1));
    }
    // THEN two are sent
    assertThat(sent.stream().map(StatusRecord::id).toList()).isEqualTo(List.of("a", "b"));
    // WHEN one is stored and one fails for a passing reason, both places go to the next in turn
    inFlight.get(0).complete();
    inFlight.get(1).fail(NanoException.unavailable("busy"));
    assertThat(sent.stream().map(StatusRecord::id).toList()).isEqualTo(List.of("a", "b", "c", "d"));
    // WHEN those are stored, the last goes, and the failed one is retried after its pause, not before
    inFlight.get(2).complete();
    inFlight.get(3).complete();
    assertThat(sent.stream().map(StatusRecord::id).toList()).isEqualTo(List.of("a", "b", "c", "d", "e"));
    inFlight.get(4).complete();
    timers.get(0).run();
    assertThat(sent.stream().map(StatusRecord::id).toList()).isEqualTo(List.of("a", "b", "c", "d", "e", "b"));
    inFlight.get(5).complete();
    assertThat(narrow.pending()).isZero();
    assertThat(stored).hasSize(5);
  }

  @Test
  void aFailedAppendIsRetriedLaterAndNothingIsDropped() {
    // GIVEN the API fails the first append
    outbox.add(record("a", 1));
    outbox.add(record("a", 2));
    inFlight.get(0).fail(NanoException.unavailable("down"));
    // THEN nothing more is sent until the retry timer fires, then a#1 again
    assertThat(sent.size()).isEqualTo(1);
    assertThat(timers.size()).isEqualTo(1);
    timers.get(0).run();
    assertThat(sent.stream().map(r -> r.id() + r.seq()).toList()).isEqualTo(List.of("a1", "a1"));
    inFlight.get(1).complete();
    inFlight.get(2).complete();
    assertThat(stored.stream().map(StatusRecord::seq).toList()).isEqualTo(List.of(1, 2));
    assertThat(outbox.pendingFor("a")).isEqualTo(0);
  }

  @Test
  void theBufferIsFullAtItsCapacityAndARecordQueuedTwiceCountsOnce() {
    // GIVEN a capacity of 3 and the API not answering
    outbox.add(record("a", 1));
    outbox.add(record("a", 1));
    outbox.add(record("b", 1));
    assertThat(outbox.full()).isFalse();
    outbox.add(record("c", 1));
    // THEN three distinct records fill it
    assertThat(outbox.full()).isTrue();
    assertThat(outbox.pending()).isEqualTo(3);
  }

  @Test
  void aRecordHeldForItsSaveKeepsItsPlaceAheadOfLaterRecords() {
    // GIVEN record 1 held until its state is saved, and record 2 ready at once
    Promise<Void> saved = Promise.promise();
    outbox.add(record("a", 1), saved.future());
    outbox.add(record("a", 2));
    // THEN nothing goes before the save
    assertThat(sent.isEmpty()).isTrue();
    // WHEN the save completes
    saved.complete();
    // THEN record 1 goes first, record 2 after it is stored
    assertThat(sent.stream().map(r -> r.id() + r.seq()).toList()).isEqualTo(List.of("a1"));
    inFlight.get(0).complete();
    assertThat(sent.stream().map(r -> r.id() + r.seq()).toList()).isEqualTo(List.of("a1", "a2"));
  }

  @Test
  void aRefusedRecordIsSetAsideAtOnceAndItsSubjectGoesOn() {
    // GIVEN two records of one subject, the first refused by the API (its field does not fit)
    outbox.add(record("a", 1));
    outbox.add(record("a", 2));
    inFlight.get(0).fail(NanoException.badRequest("field 'data.location' must be 1 to 64 letters"));
    // THEN it is not retried: it is handed over as a dead letter, counted, and the next record goes at once
    assertThat(timers).isEmpty();
    assertThat(refused.stream().map(StatusRecord::seq).toList()).isEqualTo(List.of(1));
    assertThat(outbox.deadLetters()).isEqualTo(1);
    assertThat(sent.stream().map(r -> r.id() + r.seq()).toList()).isEqualTo(List.of("a1", "a2"));
    inFlight.get(1).complete();
    assertThat(stored.stream().map(StatusRecord::seq).toList()).isEqualTo(List.of(2));
    assertThat(outbox.pending()).isZero();
    assertThat(outbox.pendingFor("a")).isZero();
  }

  @Test
  void refusalsNeverFillTheBufferButOutagesDo() {
    // GIVEN the API refusing every record: the buffer never fills, new visits stay welcome
    for (int i = 1; i <= 10; i++) {
      outbox.add(record("r" + i, 1));
      inFlight.get(inFlight.size() - 1).fail(new NanoException(ErrorCode.CONFLICT, "no"));
    }
    assertThat(outbox.full()).isFalse();
    assertThat(outbox.deadLetters()).isEqualTo(10);
    // AND an outage (unavailable, busy, timeout, internal error) is retried, keeps its records and fills it
    List<NanoException> outages = List.of(NanoException.unavailable("db down"),
        new NanoException(ErrorCode.BUSY, "pool full"), new NanoException(ErrorCode.TIMEOUT, "no reply"));
    for (int i = 0; i < outages.size(); i++) {
      outbox.add(record("o" + i, 1));
      inFlight.get(inFlight.size() - 1).fail(outages.get(i));
    }
    assertThat(outbox.full()).isTrue();
    assertThat(outbox.deadLetters()).isEqualTo(10);
    assertThat(StatusOutbox.permanent(new NanoException(ErrorCode.INTERNAL, "bug"))).isFalse();
  }
}
