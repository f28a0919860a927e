package io.nanoedge.controller;

import io.nanoedge.bus.Motion;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The leader's open visits and which journey presents which event: what the workflow asks about the other visits
 * ({@link VisitWorkflow.Registry}). Presentation claims made since the last save are handed to the store with the
 * visit that made them. Used on the controller verticle's context only.
 */
final class VisitRegistry implements VisitWorkflow.Registry {
  private final Map<String, Visit> visits = new LinkedHashMap<>();
  private final Map<Long, String> presented = new HashMap<>();
  private final Map<Long, String> unsavedClaims = new HashMap<>();

  /** Takes over what a previous leader left: visits in the order they were opened, and the events presented. */
  void restore(Collection<Visit> saved, Map<Long, String> claims) {
    presented.putAll(claims);
    saved.stream().sorted((a, b) -> Long.compare(a.openedAt(), b.openedAt())).forEach(v -> visits.put(v.id(), v));
  }

  Visit get(String visitId) {
    return visits.get(visitId);
  }

  void add(Visit visit) {
    visits.put(visit.id(), visit);
  }

  boolean remove(String visitId) {
    return visits.remove(visitId) != null;
  }

  boolean contains(String visitId) {
    return visits.containsKey(visitId);
  }

  /** The open visits, oldest first (a copy: callers may change the registry while they walk it). */
  List<Visit> all() {
    return List.copyOf(visits.values());
  }

  int size() {
    return visits.size();
  }

  /** The open visit this very motion opened already (a device's retry of the same report). */
  Optional<Visit> openedBy(Motion motion) {
    return visits.values().stream().filter(v -> v.openedBy(motion)).findFirst();
  }

  /** The visit still scanning at {@code location}, which new motion there folds into. */
  Optional<Visit> scanningAt(String location) {
    return visits.values().stream().filter(v -> v.location().equals(location) && v.step() == Visit.Step.SCANNING)
        .findFirst();
  }

  /** Claims made since the last call, for the store to save (then forgotten here). */
  Map<Long, String> takeUnsavedClaims() {
    Map<Long, String> claims = Map.copyOf(unsavedClaims);
    unsavedClaims.clear();
    return claims;
  }

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
}
