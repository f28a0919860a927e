package io.nanoedge.controller;

import io.nanoedge.bus.AuthenticateRequest;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.GuideStop;
import io.nanoedge.bus.Present;
import io.nanoedge.bus.ScanRequest;
import io.nanoedge.bus.StatusRecord;

/**
 * What the workflow asks the outside world to do after a transition. The engine performs them only once
 * the new state is in the shared map, so a standby never misses a step the leader already started.
 */
public sealed interface Effect {
  /** Send a status record to the status log (in order per subject, retried until stored). */
  record Append(StatusRecord record) implements Effect {
  }

  /** Ask the scanner at the visit's location for the tags in range. */
  record Scan(String visitId, ScanRequest request, long timeoutMs) implements Effect {
  }

  /** Ask the API which hashes belong to expected participants. */
  record Authenticate(String visitId, AuthenticateRequest request) implements Effect {
  }

  /** Hand the guide agent to the first LED node of the journey's path. */
  record Guide(String visitId, String journeyId, GuideHop hop) implements Effect {
  }

  /** Tell every LED node to drop a journey's guidance. */
  record StopGuide(GuideStop stop) implements Effect {
  }

  /** Ask the room to present the event's documents. */
  record Show(String visitId, String journeyId, Present present, long timeoutMs) implements Effect {
  }

  /** Perform {@code effect} again after {@code delayMs} (a retry of a command that found no service). */
  record Later(long delayMs, Effect effect) implements Effect {
  }
}
