package io.nanoedge.device.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Detected;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DETECT retry on a hand-driven clock: which failures are retried, with which pauses, for how long. */
class DetectSenderTest {
  private static final Motion MOTION = new Motion("entrance", null, "test-pir");
  private final List<Long> pauses = new ArrayList<>();
  private final Deque<Runnable> due = new ArrayDeque<>();
  private long now = 1_000;

  private DetectSender sender(Deque<Future<Detected>> answers, List<Motion> sent, long retryForMs) {
    return new DetectSender(motion -> {
      sent.add(motion);
      return answers.isEmpty() ? Future.failedFuture(NanoException.unavailable("nobody")) : answers.poll();
    }, (delay, task) -> {
      pauses.add(delay);
      due.add(task);
    }, () -> now, retryForMs);
  }

  /** Lets the scheduled pauses pass, one after the other, until nothing is due. */
  private void runDue() {
    while (!due.isEmpty()) {
      now += pauses.get(pauses.size() - due.size());
      due.poll().run();
    }
  }

  @Test
  void aMotionDuringATakeoverIsDeliveredOnceAControllerAnswers() {
    // GIVEN no controller for two attempts (the leader just died), then the new leader
    Deque<Future<Detected>> answers = new ArrayDeque<>(List.of(
        Future.failedFuture(NanoException.unavailable("no controller")),
        Future.failedFuture(new NanoException(ErrorCode.TIMEOUT, "no reply")),
        Future.succeededFuture(new Detected("v1", "DETECTED", false))));
    List<Motion> sent = new ArrayList<>();
    // WHEN the motion is sent
    Future<Detected> reply = sender(answers, sent, 10_000).send(MOTION);
    runDue();
    // THEN it went three times, with growing pauses, and the new leader's answer is the result
    assertThat(sent).containsExactly(MOTION, MOTION, MOTION);
    assertThat(pauses).containsExactly(DetectSender.FIRST_PAUSE_MS, 2 * DetectSender.FIRST_PAUSE_MS);
    assertThat(reply.result().visitId()).isEqualTo("v1");
  }

  @Test
  void aRefusedDetectIsNotRetried() {
    // GIVEN a controller that refuses the motion as malformed
    Deque<Future<Detected>> answers = new ArrayDeque<>(List.of(Future.failedFuture(NanoException.badRequest("no"))));
    List<Motion> sent = new ArrayList<>();
    // WHEN the motion is sent
    Future<Detected> reply = sender(answers, sent, 10_000).send(MOTION);
    // THEN it went once and nothing more is scheduled: only "nobody answers" is worth another try
    assertThat(sent).hasSize(1);
    assertThat(due).isEmpty();
    assertThat(ErrorCode.of(reply.cause())).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void theMotionIsGivenUpWhenNoControllerAnswersInTime() {
    // GIVEN no controller at all and 2 s of retries
    List<Motion> sent = new ArrayList<>();
    // WHEN the motion is sent and every pause passes
    Future<Detected> reply = sender(new ArrayDeque<>(), sent, 2_000).send(MOTION);
    runDue();
    // THEN the pauses grow to the cap and stop before the 2 s are over, and the result says unavailable
    assertThat(pauses).containsExactly(100L, 200L, 400L, 800L);
    assertThat(pauses.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(2_000);
    assertThat(sent).hasSize(5);
    assertThat(ErrorCode.of(reply.cause())).isEqualTo(ErrorCode.UNAVAILABLE);
  }
}
