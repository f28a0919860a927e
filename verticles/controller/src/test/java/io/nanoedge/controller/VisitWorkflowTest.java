package io.nanoedge.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import io.nanoedge.bus.Admit;
import io.nanoedge.bus.EventRoute;
import io.nanoedge.bus.AuthenticateResult;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Participant;
import io.nanoedge.bus.ScanResult;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.TagSighting;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.testkit.StandInServices;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The state machine alone, on a fake clock: transitions, timeouts, idempotence, resumption. */
class VisitWorkflowTest {
  private static final String HASH = StandInServices.TAGS.hash(StandInServices.BOB_TAG);
  private final ControllerSettings settings = ControllerSettings.from(NanoConfig.builder()
      .set("scan.window-ms", "1000", "").set("scan.margin-ms", "500", "").set("guide.timeout-ms", "60000", "")
      .set("admit.expiry-ms", "10000", "").build());
  private final Map<Long, String> claims = new HashMap<>();
  private String otherJourney;
  private final VisitWorkflow workflow = new VisitWorkflow(settings, new VisitWorkflow.Registry() {
    @Override
    public Optional<String> activeJourney(long personId, long eventId) {
      return Optional.ofNullable(otherJourney);
    }

    @Override
    public boolean claimPresentation(long eventId, String journeyId) {
      return claims.computeIfAbsent(eventId, k -> journeyId).equals(journeyId);
    }
  });

  private static Participant bob() {
    return new Participant(HASH, 2, "Bob", 7, "meeting", 1, "room-r", List.of("c1"));
  }

  private static List<String> statuses(Visit v) {
    return v.records().stream().map(r -> r.status().wire()).toList();
  }

  private Visit authenticatedVisit() {
    Visit v = workflow.open("v1", new Motion("entrance", null, null), 0).visit();
    workflow.scanned(v, new ScanResult("entrance", List.of(new TagSighting(HASH, -50))), 1000);
    workflow.authenticated(v, new AuthenticateResult(List.of(bob()), List.of()), 1100);
    return v;
  }

  @Test
  void openingAVisitRecordsInitAndDetectedAndStartsAScanWithTheConfiguredWindow() {
    VisitWorkflow.Opened opened = workflow.open("v1", new Motion("entrance", null, "pir"), 0);
    assertThat(statuses(opened.visit())).isEqualTo(List.of("INIT", "DETECTED"));
    assertThat(opened.effects().get(2)).isInstanceOf(Effect.Scan.class);
    Effect.Scan scan = (Effect.Scan) opened.effects().get(2);
    assertThat(scan.request().windowMs()).isEqualTo(1000);
    assertThat(scan.timeoutMs()).isEqualTo(1500);
    assertThat(opened.visit().nextDeadline()).isEqualTo(1500);
  }

  @Test
  void aLateScanReplyAfterTheTimeoutChangesNothing() {
    Visit v = workflow.open("v1", new Motion("entrance", null, null), 0).visit();
    workflow.tick(v, 1500);
    List<Effect> late = workflow.scanned(v, new ScanResult("entrance", List.of()), 1600);
    assertThat(late.isEmpty()).isTrue();
    assertThat(statuses(v)).isEqualTo(List.of("INIT", "DETECTED", "NOT SCANNED"));
  }

  @Test
  void aScannerWithNoServiceIsNotScannedNamingTheLocation() {
    Visit v = workflow.open("v1", new Motion("hall", null, null), 0).visit();
    workflow.scanFailed(v, NanoException.unavailable("no service is listening on nanoedge.ble.scan.hall"), 5);
    assertThat(v.lastStatus().wire()).isEqualTo("NOT SCANNED");
    assertThat(v.records().get(2).reason().startsWith("no scanner answers at hall")).isTrue();
  }

  @Test
  void aRecognisedParticipantGetsOneJourneyWithADeterministicIdAndAGuideCommand() {
    Visit v = authenticatedVisit();
    assertThat(statuses(v)).isEqualTo(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    Journey j = v.journey("v1-2");
    assertThat(j.lastStatus().wire()).isEqualTo("AUTHENTICATED");
    assertThat(j.deadline()).isEqualTo(1100 + 60000);
    // a repeated authentication reply starts nothing more
    assertThat(workflow.authenticated(v, new AuthenticateResult(List.of(bob()), List.of()), 1200).isEmpty()).isTrue();
    assertThat(v.journeys().size()).isEqualTo(1);
  }

  @Test
  void aPersonAlreadyGuidedByAnotherVisitGetsNoSecondJourney() {
    otherJourney = "v0-2";
    Visit v = authenticatedVisit();
    assertThat(v.journeys().isEmpty()).isTrue();
    assertThat(v.records().get(3).data().getJsonArray("alreadyGuided").getString(0)).isEqualTo("v0-2");
  }

  @Test
  void anUnavailableApiIsRetriedUntilTheAuthenticationTimeout() {
    Visit v = workflow.open("v1", new Motion("entrance", null, null), 0).visit();
    workflow.scanned(v, new ScanResult("entrance", List.of(new TagSighting(HASH, -50))), 1000);
    List<Effect> retry = workflow.authFailed(v, NanoException.unavailable("api down"), 1100);
    assertThat(retry.get(0)).isInstanceOf(Effect.Later.class);
    workflow.authFailed(v, NanoException.unavailable("api down"), 1000 + settings.authTimeoutMs());
    assertThat(v.lastStatus().wire()).isEqualTo("NOT AUTHENTICATED");
  }

  @Test
  void onlyTheFirstArrivalOfAnEventIsPresented() {
    Visit v = authenticatedVisit();
    Journey bob = v.journey("v1-2");
    List<Effect> arrival = workflow.arrived(bob, 5000);
    assertThat(arrival.get(2)).isInstanceOf(Effect.Show.class);
    workflow.presented(bob, 5100);
    assertThat(bob.records().stream().map(r -> r.status().wire()).toList()).isEqualTo(List.of("AUTHENTICATED",
        "GUIDED", "PRESENTED"));
    claims.put(8L, "someone-else");
    Journey carl = new Journey("v1-3", "v1", new Participant(null, 3, "Carl", 8, "", 1, "room-r", List.of()), null,
        null);
    assertThat(workflow.arrived(carl, 6000).size()).isEqualTo(2);
    assertThat(carl.step()).isEqualTo(Journey.Step.DONE);
  }

  @Test
  void admissionIsRefusedOnAClosedVisitAndRepeatedAdmissionsMakeOneJourney() {
    Visit v = workflow.open("v1", new Motion("entrance", null, null), 0).visit();
    workflow.scanned(v, new ScanResult("entrance", List.of()), 1000);
    assertThat(v.step()).isEqualTo(Visit.Step.AWAITING_ADMISSION);
    EventRoute route = new EventRoute(7, "meeting", 1, "room-r", List.of("c1"), "");
    Admit admit = new Admit("v1", null, "David", 7, "alice");
    assertThat(workflow.admit(v, admit, route, 2000).size()).isEqualTo(3);
    assertThat(workflow.admit(v, admit, route, 2100).isEmpty()).isTrue();
    assertThat(v.journeys().size()).isEqualTo(1);

    Visit expired = workflow.open("v2", new Motion("entrance", null, null), 0).visit();
    workflow.scanned(expired, new ScanResult("entrance", List.of()), 1000);
    workflow.tick(expired, 11000);
    assertThat(expired.records().get(3).reason()).isEqualTo("no tag in range and nobody admitted within 10 s");
    NanoException e = catchThrowableOfType(NanoException.class,
        () -> workflow.admit(expired, new Admit("v2", 5L, null, 7, null), route, 12000));
    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void aResumedVisitReissuesItsCurrentStepOnlyAndSurvivesTheJsonRoundTrip() {
    Visit v = authenticatedVisit();
    Visit copy = Visit.fromJson(v.toJson());
    assertThat(copy.toJson()).isEqualTo(v.toJson());
    // the guide command was never acknowledged: resuming sends it again, and nothing else
    List<Effect> effects = workflow.resume(copy, 3000);
    assertThat(effects.size()).isEqualTo(1);
    assertThat(effects.get(0)).isInstanceOf(Effect.Guide.class);
    workflow.guideStarted(copy.journey("v1-2"));
    assertThat(workflow.resume(copy, 3100).isEmpty()).isTrue();
  }
  @Test
  void recordsMadeFromTheLargestAcceptedInputsAreAcceptedByTheApi() {
    // GIVEN the largest inputs the contract lets into the workflow: a 64-character location and source, a full
    // scan, a device's error text with escape sequences, a 100-character guest name
    String location = "l".repeat(Fields.MAX_ID);
    Visit scanned = workflow.open("v1", Motion.fromJson(new JsonObject().put("location", location)
        .put("source", "é".repeat(Fields.MAX_ID))), 0).visit();
    List<TagSighting> crowd = new ArrayList<>();
    for (int i = 0; i < Fields.MAX_TAGS; i++) {
      crowd.add(new TagSighting(String.format("%064x", i), -50));
    }
    workflow.scanned(scanned, new ScanResult(location, crowd), 1000);
    workflow.authFailed(scanned, NanoException.unavailable("\u001b[31m" + "x".repeat(2000)),
        1000 + settings.authTimeoutMs());
    Visit admitted = workflow.open("v2", new Motion(location, null, null), 0).visit();
    workflow.scanned(admitted, new ScanResult(location, List.of()), 1000);
    workflow.admit(admitted, new Admit("v2", null, "D".repeat(Fields.MAX_NAME), 7, "h".repeat(Fields.MAX_NAME)),
        new EventRoute(7, "meeting", 1, "room-r", List.of("c1"), ""), 2000);
    Visit silent = workflow.open("v3", new Motion(location, null, null), 0).visit();
    workflow.scanFailed(silent, NanoException.unavailable("\u009b2J".repeat(400)), 5);
    // THEN every status line the controller would send decodes on the API's side unchanged: nothing is refused
    List<StatusRecord> records = new ArrayList<>();
    for (Visit v : List.of(scanned, admitted, silent)) {
      records.addAll(v.records());
      v.journeys().forEach(j -> records.addAll(j.records()));
    }
    assertThat(records).hasSizeGreaterThan(8);
    for (StatusRecord record : records) {
      assertThat(StatusRecord.fromJson(record.toJson())).as(record.id() + " " + record.status()).isEqualTo(record);
    }
  }

  @Test
  void aRefusedVisitRecordEndsTheVisitWithANotStatusNamingTheRefusal() {
    // GIVEN a visit that scanned nobody and waits for the host
    Visit v = workflow.open("v1", new Motion("entrance", null, null), 0).visit();
    workflow.scanned(v, new ScanResult("entrance", List.of()), 1000);
    StatusRecord scanned = v.records().get(2);
    // WHEN the status log refuses its SCANNED line for good
    List<Effect> effects = workflow.refused(v, scanned, "a value is too long", 1100);
    // THEN the visit ends NOT AUTHENTICATED, saying which line was refused and why
    assertThat(statuses(v)).isEqualTo(List.of("INIT", "DETECTED", "SCANNED", "NOT AUTHENTICATED"));
    assertThat(v.records().get(3).reason()).isEqualTo("the status log refused SCANNED #3: a value is too long");
    assertThat(effects).hasSize(1);
    assertThat(v.finished()).isTrue();
    // AND a refusal of that NOT line changes nothing more
    assertThat(workflow.refused(v, v.records().get(3), "again", 1200)).isEmpty();
  }

  @Test
  void aRefusedJourneyRecordEndsTheJourneyAndStopsItsGuide() {
    Visit v = authenticatedVisit();
    Journey j = v.journey("v1-2");
    List<Effect> effects = workflow.refused(v, j.records().get(0), "refers to something that does not exist", 1200);
    assertThat(j.lastStatus().wire()).isEqualTo("NOT GUIDED");
    assertThat(j.done()).isTrue();
    assertThat(effects.get(1)).isInstanceOf(Effect.StopGuide.class);
    assertThat(v.finished()).isTrue();
  }
}
