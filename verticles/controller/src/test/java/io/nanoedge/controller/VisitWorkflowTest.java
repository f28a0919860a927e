package io.nanoedge.controller;

import io.nanoedge.bus.Admit;
import io.nanoedge.bus.EventRoute;
import io.nanoedge.bus.AuthenticateResult;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Participant;
import io.nanoedge.bus.ScanResult;
import io.nanoedge.bus.TagSighting;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.testkit.StandInServices;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertEquals(List.of("INIT", "DETECTED"), statuses(opened.visit()));
    Effect.Scan scan = assertInstanceOf(Effect.Scan.class, opened.effects().get(2));
    assertEquals(1000, scan.request().windowMs());
    assertEquals(1500, scan.timeoutMs());
    assertEquals(1500, opened.visit().nextDeadline());
  }

  @Test
  void aLateScanReplyAfterTheTimeoutChangesNothing() {
    Visit v = workflow.open("v1", new Motion("entrance", null, null), 0).visit();
    workflow.tick(v, 1500);
    List<Effect> late = workflow.scanned(v, new ScanResult("entrance", List.of()), 1600);
    assertTrue(late.isEmpty());
    assertEquals(List.of("INIT", "DETECTED", "NOT SCANNED"), statuses(v));
  }

  @Test
  void aScannerWithNoServiceIsNotScannedNamingTheLocation() {
    Visit v = workflow.open("v1", new Motion("hall", null, null), 0).visit();
    workflow.scanFailed(v, NanoException.unavailable("no service is listening on nanoedge.ble.scan.hall"), 5);
    assertEquals("NOT SCANNED", v.lastStatus().wire());
    assertTrue(v.records().get(2).reason().startsWith("no scanner answers at hall"));
  }

  @Test
  void aRecognisedParticipantGetsOneJourneyWithADeterministicIdAndAGuideCommand() {
    Visit v = authenticatedVisit();
    assertEquals(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"), statuses(v));
    Journey j = v.journey("v1-2");
    assertEquals("AUTHENTICATED", j.lastStatus().wire());
    assertEquals(1100 + 60000, j.deadline());
    // a repeated authentication reply starts nothing more
    assertTrue(workflow.authenticated(v, new AuthenticateResult(List.of(bob()), List.of()), 1200).isEmpty());
    assertEquals(1, v.journeys().size());
  }

  @Test
  void aPersonAlreadyGuidedByAnotherVisitGetsNoSecondJourney() {
    otherJourney = "v0-2";
    Visit v = authenticatedVisit();
    assertTrue(v.journeys().isEmpty());
    assertEquals("v0-2", v.records().get(3).data().getJsonArray("alreadyGuided").getString(0));
  }

  @Test
  void anUnavailableApiIsRetriedUntilTheAuthenticationTimeout() {
    Visit v = workflow.open("v1", new Motion("entrance", null, null), 0).visit();
    workflow.scanned(v, new ScanResult("entrance", List.of(new TagSighting(HASH, -50))), 1000);
    List<Effect> retry = workflow.authFailed(v, NanoException.unavailable("api down"), 1100);
    assertInstanceOf(Effect.Later.class, retry.get(0));
    workflow.authFailed(v, NanoException.unavailable("api down"), 1000 + settings.authTimeoutMs());
    assertEquals("NOT AUTHENTICATED", v.lastStatus().wire());
  }

  @Test
  void onlyTheFirstArrivalOfAnEventIsPresented() {
    Visit v = authenticatedVisit();
    Journey bob = v.journey("v1-2");
    List<Effect> arrival = workflow.arrived(bob, 5000);
    assertInstanceOf(Effect.Show.class, arrival.get(2));
    workflow.presented(bob, 5100);
    assertEquals(List.of("AUTHENTICATED", "GUIDED", "PRESENTED"),
        bob.records().stream().map(r -> r.status().wire()).toList());
    claims.put(8L, "someone-else");
    Journey carl = new Journey("v1-3", "v1", new Participant(null, 3, "Carl", 8, "", 1, "room-r", List.of()), null,
        null);
    assertEquals(2, workflow.arrived(carl, 6000).size());
    assertEquals(Journey.Step.DONE, carl.step());
  }

  @Test
  void admissionIsRefusedOnAClosedVisitAndRepeatedAdmissionsMakeOneJourney() {
    Visit v = workflow.open("v1", new Motion("entrance", null, null), 0).visit();
    workflow.scanned(v, new ScanResult("entrance", List.of()), 1000);
    assertEquals(Visit.Step.AWAITING_ADMISSION, v.step());
    EventRoute route = new EventRoute(7, "meeting", 1, "room-r", List.of("c1"), "");
    Admit admit = new Admit("v1", null, "David", 7, "alice");
    assertEquals(3, workflow.admit(v, admit, route, 2000).size());
    assertTrue(workflow.admit(v, admit, route, 2100).isEmpty());
    assertEquals(1, v.journeys().size());

    Visit expired = workflow.open("v2", new Motion("entrance", null, null), 0).visit();
    workflow.scanned(expired, new ScanResult("entrance", List.of()), 1000);
    workflow.tick(expired, 11000);
    assertEquals("no tag in range and nobody admitted within 10 s", expired.records().get(3).reason());
    NanoException e = assertThrows(NanoException.class,
        () -> workflow.admit(expired, new Admit("v2", 5L, null, 7, null), route, 12000));
    assertEquals(ErrorCode.CONFLICT, e.code());
  }

  @Test
  void aResumedVisitReissuesItsCurrentStepOnlyAndSurvivesTheJsonRoundTrip() {
    Visit v = authenticatedVisit();
    Visit copy = Visit.fromJson(v.toJson());
    assertEquals(v.toJson(), copy.toJson());
    // the guide command was never acknowledged: resuming sends it again, and nothing else
    List<Effect> effects = workflow.resume(copy, 3000);
    assertEquals(1, effects.size());
    assertInstanceOf(Effect.Guide.class, effects.get(0));
    workflow.guideStarted(copy.journey("v1-2"));
    assertTrue(workflow.resume(copy, 3100).isEmpty());
  }
}
