package io.nanoedge.controller;

import io.nanoedge.bus.Admit;
import io.nanoedge.bus.EventRoute;
import io.nanoedge.bus.AuthenticateRequest;
import io.nanoedge.bus.AuthenticateResult;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.GuideStop;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Participant;
import io.nanoedge.bus.Present;
import io.nanoedge.bus.ScanRequest;
import io.nanoedge.bus.ScanResult;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The visit/journey state machine, free of Vert.x: each method takes the current state, an input (a
 * reply, a failure, a clock tick) and the time, changes the state and returns the {@link Effect}s to
 * perform. Inputs that no longer fit the state (a late reply after a timeout) change nothing.
 *
 * <p>Visit: INIT → DETECTED → SCANNED → AUTHENTICATED, or NOT SCANNED (no scanner, silent scanner), or
 * NOT AUTHENTICATED (nobody recognised or admitted before the admission expiry; API unavailable).
 * Journey: AUTHENTICATED → GUIDED → PRESENTED / NOT PRESENTED for the event's first arrival, GUIDED
 * (final) for later arrivals, NOT GUIDED when nobody arrives in time.
 */
public final class VisitWorkflow {
  static final long RETRY_MS = 1000;

  /** What the workflow needs to know about the other open visits. */
  public interface Registry {
    /** A journey of this person to this event that is still under way, in any open visit. */
    Optional<String> activeJourney(long personId, long eventId);

    /** Marks the event as presented by this journey; false when another journey already claimed it. */
    boolean claimPresentation(long eventId, String journeyId);
  }

  private final ControllerSettings settings;
  private final Registry registry;

  public VisitWorkflow(ControllerSettings settings, Registry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  /** A new visit and the effects that start it. */
  public record Opened(Visit visit, List<Effect> effects) {
  }

  public Opened open(String visitId, Motion motion, long now) {
    Visit v = new Visit(visitId, motion.location(), motion.source(), now);
    List<Effect> out = new ArrayList<>();
    out.add(new Effect.Append(v.record(Status.INIT, null, new JsonObject().put("at", motion.at().toString()), now)));
    out.add(new Effect.Append(v.record(Status.DETECTED, null, null, now)));
    out.add(startScan(v, now));
    return new Opened(v, out);
  }

  private Effect startScan(Visit v, long now) {
    v.step(Visit.Step.SCANNING, now + settings.scanTimeoutMs());
    return new Effect.Scan(v.id(), new ScanRequest(v.location(), settings.scanWindowMs(), v.id()),
        settings.scanTimeoutMs());
  }

  public List<Effect> scanned(Visit v, ScanResult result, long now) {
    if (v.step() != Visit.Step.SCANNING) {
      return List.of();
    }
    List<String> hashes = List.copyOf(new LinkedHashSet<>(result.hashes()));
    v.hashes(hashes);
    List<Effect> out = new ArrayList<>();
    out.add(new Effect.Append(v.record(Status.SCANNED, null,
        new JsonObject().put("tags", hashes.size()).put("hashes", Fields.toArray(hashes)), now)));
    if (hashes.isEmpty()) {
      // A person without a tag (the seed's David): only the host can let them in.
      v.step(Visit.Step.AWAITING_ADMISSION, now + settings.admitExpiryMs());
    } else {
      out.add(startAuthenticate(v, now));
    }
    return out;
  }

  private Effect startAuthenticate(Visit v, long now) {
    v.step(Visit.Step.AUTHENTICATING, now + settings.authTimeoutMs());
    return authenticate(v, now);
  }

  private Effect authenticate(Visit v, long now) {
    return new Effect.Authenticate(v.id(),
        new AuthenticateRequest(v.location(), v.hashes(), Instant.ofEpochMilli(now)));
  }

  public List<Effect> scanFailed(Visit v, Throwable error, long now) {
    if (v.step() != Visit.Step.SCANNING) {
      return List.of();
    }
    ErrorCode code = ErrorCode.of(error);
    String reason = switch (code) {
      case UNAVAILABLE -> "no scanner answers at " + v.location() + ": " + ErrorCode.messageOf(error);
      case TIMEOUT -> "the scanner at " + v.location() + " did not answer within " + settings.scanTimeoutMs() + " ms";
      default -> "the scanner at " + v.location() + " failed: " + ErrorCode.messageOf(error);
    };
    return close(v, Status.NOT_SCANNED, reason, now);
  }

  private List<Effect> close(Visit v, Status status, String reason, long now) {
    v.step(Visit.Step.CLOSED, Long.MAX_VALUE);
    return List.of(new Effect.Append(v.record(status, reason, null, now)));
  }

  public List<Effect> authenticated(Visit v, AuthenticateResult result, long now) {
    if (v.step() != Visit.Step.AUTHENTICATING) {
      return List.of();
    }
    if (result.matches().isEmpty()) {
      v.step(Visit.Step.AWAITING_ADMISSION, now + settings.admitExpiryMs());
      return List.of();
    }
    List<Effect> out = new ArrayList<>();
    List<String> started = new ArrayList<>();
    List<String> alreadyGuided = new ArrayList<>();
    List<Journey> journeys = new ArrayList<>();
    for (Participant p : result.matches()) {
      String journeyId = v.id() + "-" + p.personId();
      if (v.journey(journeyId) != null || started.contains(journeyId)) {
        continue;
      }
      Optional<String> other = registry.activeJourney(p.personId(), p.eventId());
      if (other.isPresent()) {
        // The PIR fired again while this person was already on the way: keep the one journey.
        alreadyGuided.add(other.get());
        continue;
      }
      started.add(journeyId);
      journeys.add(new Journey(journeyId, v.id(), p, null, null));
    }
    v.step(Visit.Step.AUTHENTICATED, Long.MAX_VALUE);
    out.add(new Effect.Append(v.record(Status.AUTHENTICATED, null, new JsonObject()
        .put("journeys", Fields.toArray(started)).put("unknown", result.unknown().size())
        .put("alreadyGuided", Fields.toArray(alreadyGuided)), now)));
    for (Journey j : journeys) {
      v.add(j);
      out.addAll(startJourney(j, now));
    }
    return out;
  }

  public List<Effect> authFailed(Visit v, Throwable error, long now) {
    if (v.step() != Visit.Step.AUTHENTICATING) {
      return List.of();
    }
    ErrorCode code = ErrorCode.of(error);
    boolean retryable = code == ErrorCode.UNAVAILABLE || code == ErrorCode.TIMEOUT;
    if (retryable && now + RETRY_MS < v.deadline()) {
      return List.of(new Effect.Later(RETRY_MS, authenticate(v, now)));
    }
    return close(v, Status.NOT_AUTHENTICATED, "authentication failed: " + ErrorCode.messageOf(error), now);
  }

  /** The journey id an admission creates: deterministic, so a retried admission never makes two. */
  public static String admittedJourneyId(String visitId, Admit admit) {
    if (admit.personId() != null) {
      return visitId + "-" + admit.personId();
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(admit.guestName().trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return visitId + "-g" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Checks that the visit still takes an admission; throws 409 naming why not. */
  public static void requireAdmissible(Visit v) {
    boolean waiting = v.step() == Visit.Step.AWAITING_ADMISSION;
    boolean underWay = v.step() == Visit.Step.AUTHENTICATED && !v.finished();
    if (!waiting && !underWay) {
      throw NanoException.conflict("visit " + v.id() + " does not wait for admission (status "
          + v.lastStatus().wire() + ", step " + v.step().name().toLowerCase(Locale.ROOT) + ")");
    }
  }

  public List<Effect> admit(Visit v, Admit admit, EventRoute route, long now) {
    String journeyId = admittedJourneyId(v.id(), admit);
    if (v.journey(journeyId) != null) {
      return List.of();
    }
    requireAdmissible(v);
    String name = admit.guestName() != null ? admit.guestName() : route.personName();
    Participant p = new Participant(null, admit.personId() == null ? 0 : admit.personId(), name, route.eventId(),
        route.eventTitle(), route.roomId(), route.roomLocation(), route.ledPath());
    Journey j = new Journey(journeyId, v.id(), p, admit.guestName(), admit.by());
    List<Effect> out = new ArrayList<>();
    if (v.step() == Visit.Step.AWAITING_ADMISSION) {
      v.step(Visit.Step.AUTHENTICATED, Long.MAX_VALUE);
      out.add(new Effect.Append(v.record(Status.AUTHENTICATED, "admitted by host", new JsonObject()
          .put("journeys", Fields.toArray(List.of(journeyId))).put("admittedBy", admit.by()), now)));
    }
    v.add(j);
    out.addAll(startJourney(j, now));
    return out;
  }

  private List<Effect> startJourney(Journey j, long now) {
    List<Effect> out = new ArrayList<>();
    out.add(new Effect.Append(j.record(Status.AUTHENTICATED, j.guestName() != null || j.hash() == null
        ? "admitted by host" : null, now)));
    j.step(Journey.Step.GUIDING, now + settings.guideTimeoutMs());
    if (j.participant().ledPath().isEmpty()) {
      // The room is at the entrance: nothing to light, the journey waits for the arrival only.
      j.guideAcked(true);
    } else {
      out.add(guide(j));
    }
    return out;
  }

  private Effect guide(Journey j) {
    Participant p = j.participant();
    return new Effect.Guide(j.visitId(), j.id(), GuideHop.start(j.id(), p.roomLocation(), p.ledPath(),
        settings.guideSegmentMs(), Instant.ofEpochMilli(j.deadline())));
  }

  public List<Effect> guideStarted(Journey j) {
    j.guideAcked(true);
    return List.of();
  }

  public List<Effect> guideFailed(Journey j, Throwable error, long now) {
    if (j.step() != Journey.Step.GUIDING || j.guideAcked()) {
      return List.of();
    }
    ErrorCode code = ErrorCode.of(error);
    boolean retryable = code == ErrorCode.UNAVAILABLE || code == ErrorCode.TIMEOUT;
    // Without its LED node the journey still completes when the person finds the room.
    return retryable && now + RETRY_MS < j.deadline() ? List.of(new Effect.Later(RETRY_MS, guide(j))) : List.of();
  }

  /** Does a door presence at {@code location} with {@code hashes} complete this journey? */
  public static boolean arrives(Journey j, String location, List<String> hashes) {
    return j.step() == Journey.Step.GUIDING && j.participant().roomLocation().equals(location)
        && (j.hash() == null ? hashes.isEmpty() : hashes.contains(j.hash()));
  }

  public List<Effect> arrived(Journey j, long now) {
    if (j.step() != Journey.Step.GUIDING) {
      return List.of();
    }
    List<Effect> out = new ArrayList<>();
    out.add(new Effect.Append(j.record(Status.GUIDED, null, now)));
    out.add(new Effect.StopGuide(new GuideStop(j.id(), "arrived")));
    Participant p = j.participant();
    if (registry.claimPresentation(p.eventId(), j.id())) {
      j.step(Journey.Step.PRESENTING, now + settings.presentTimeoutMs());
      out.add(show(j, now));
    } else {
      j.step(Journey.Step.DONE, Long.MAX_VALUE);
    }
    return out;
  }

  private Effect show(Journey j, long now) {
    Participant p = j.participant();
    return new Effect.Show(j.visitId(), j.id(), new Present(p.eventId(), p.roomLocation(), j.id(), p.personId()),
        Math.max(1, j.deadline() - now));
  }

  public List<Effect> presented(Journey j, long now) {
    if (j.step() != Journey.Step.PRESENTING) {
      return List.of();
    }
    j.step(Journey.Step.DONE, Long.MAX_VALUE);
    return List.of(new Effect.Append(j.record(Status.PRESENTED, null, now)));
  }

  public List<Effect> presentFailed(Journey j, Throwable error, long now) {
    if (j.step() != Journey.Step.PRESENTING) {
      return List.of();
    }
    j.step(Journey.Step.DONE, Long.MAX_VALUE);
    return List.of(new Effect.Append(j.record(Status.NOT_PRESENTED,
        "the room " + j.participant().roomLocation() + " did not present: " + ErrorCode.messageOf(error), now)));
  }

  /**
   * The status log refused one of this visit's records for good (a 4xx: retrying cannot help). The record is set
   * aside; the subject it belongs to ends at once with its NOT status, naming why, so the visit still reaches a
   * terminal status and nobody waits for a step whose record will never be stored. A refused NOT status (the
   * subject has already ended) changes nothing, so a refusal never leads to another.
   */
  public List<Effect> refused(Visit v, StatusRecord record, String why, long now) {
    String reason = "the status log refused " + record.status().wire() + " #" + record.seq() + ": " + why;
    if (record.kind() == StatusRecord.Kind.VISIT) {
      return switch (v.step()) {
        case SCANNING -> close(v, Status.NOT_SCANNED, reason, now);
        case AUTHENTICATING, AWAITING_ADMISSION -> close(v, Status.NOT_AUTHENTICATED, reason, now);
        default -> List.of();
      };
    }
    Journey j = v.journey(record.id());
    if (j == null || j.done()) {
      return List.of();
    }
    boolean guiding = j.step() == Journey.Step.GUIDING;
    j.step(Journey.Step.DONE, Long.MAX_VALUE);
    if (guiding) {
      return List.of(new Effect.Append(j.record(Status.NOT_GUIDED, reason, now)),
          new Effect.StopGuide(new GuideStop(j.id(), "refused")));
    }
    return List.of(new Effect.Append(j.record(Status.NOT_PRESENTED, reason, now)));
  }

  /** Ends every step whose deadline has passed. */
  public List<Effect> tick(Visit v, long now) {
    List<Effect> out = new ArrayList<>();
    if (now >= v.deadline()) {
      switch (v.step()) {
        case SCANNING -> out.addAll(close(v, Status.NOT_SCANNED, "the scanner at " + v.location()
            + " did not answer within " + settings.scanTimeoutMs() + " ms", now));
        case AUTHENTICATING -> out.addAll(close(v, Status.NOT_AUTHENTICATED,
            "no answer from the API within " + settings.authTimeoutMs() + " ms", now));
        case AWAITING_ADMISSION -> out.addAll(close(v, Status.NOT_AUTHENTICATED, (v.hashes().isEmpty()
            ? "no tag in range" : v.hashes().size() + " tag(s) not recognised")
            + " and nobody admitted within " + settings.admitExpiryMs() / 1000 + " s", now));
        default -> {
        }
      }
    }
    for (Journey j : v.journeys()) {
      if (now < j.deadline()) {
        continue;
      }
      if (j.step() == Journey.Step.GUIDING) {
        j.step(Journey.Step.DONE, Long.MAX_VALUE);
        out.add(new Effect.Append(j.record(Status.NOT_GUIDED, "nobody arrived at " + j.participant().roomLocation()
            + " within " + settings.guideTimeoutMs() / 1000 + " s", now)));
        out.add(new Effect.StopGuide(new GuideStop(j.id(), "timeout")));
      } else if (j.step() == Journey.Step.PRESENTING) {
        j.step(Journey.Step.DONE, Long.MAX_VALUE);
        out.add(new Effect.Append(j.record(Status.NOT_PRESENTED, "the room " + j.participant().roomLocation()
            + " did not confirm within " + settings.presentTimeoutMs() + " ms", now)));
      }
    }
    return out;
  }

  /**
   * Re-issues the current step of a visit taken over from another leader: its reply went to a dead node.
   * Every command is idempotent on its visit/journey id, so issuing it twice is harmless.
   */
  public List<Effect> resume(Visit v, long now) {
    List<Effect> out = new ArrayList<>();
    if (v.step() == Visit.Step.SCANNING) {
      out.add(startScan(v, now));
    } else if (v.step() == Visit.Step.AUTHENTICATING) {
      out.add(startAuthenticate(v, now));
    }
    for (Journey j : v.journeys()) {
      if (j.step() == Journey.Step.GUIDING && !j.guideAcked()) {
        out.add(guide(j));
      } else if (j.step() == Journey.Step.PRESENTING) {
        j.step(Journey.Step.PRESENTING, now + settings.presentTimeoutMs());
        out.add(show(j, now));
      }
    }
    return out;
  }
}
