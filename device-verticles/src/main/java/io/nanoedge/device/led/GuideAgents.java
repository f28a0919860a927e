package io.nanoedge.device.led;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.GuideAt;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.GuideStop;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide agents staying on this LED node. An agent ({@link GuideHop}: its whole state travels in the
 * message) blinks this node's segment; it moves on to the next node of its path when presence at this
 * node's location sees someone or its segment time passes, and at the last node it blinks until a
 * {@link GuideStop} or its deadline. A hop for a journey already stopped is refused (409), so a stop that
 * overtakes a moving agent still ends it. Used from the verticle's context only.
 */
public final class GuideAgents {
  private static final Logger LOG = LoggerFactory.getLogger(GuideAgents.class);
  private static final int REMEMBERED_STOPS = 1000;

  private final Vertx vertx;
  private final String nodeId;
  private final String location;
  private final LedSegment segment;
  private final Map<String, Agent> agents = new HashMap<>();
  private final Map<String, Boolean> stopped = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_STOPS;
    }
  };

  private final class Agent {
    final GuideHop hop;
    long segmentTimer = -1;
    long deadlineTimer = -1;
    boolean moving;

    Agent(GuideHop hop) {
      this.hop = hop;
    }

    void cancelTimers() {
      if (segmentTimer >= 0) {
        vertx.cancelTimer(segmentTimer);
      }
      if (deadlineTimer >= 0) {
        vertx.cancelTimer(deadlineTimer);
      }
    }
  }

  public GuideAgents(Vertx vertx, String nodeId, String location, LedSegment segment) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.location = location;
    this.segment = segment;
  }

  /** An agent arrives ({@code nanoedge.led.node.<id>}); replies where it now is. Idempotent per journey. */
  public Future<GuideAt> arrive(GuideHop hop) {
    if (!hop.node().equals(nodeId)) {
      throw NanoException.badRequest("hop is for node '" + hop.node() + "' (path position " + hop.position()
          + ") but this is LED node '" + nodeId + "'");
    }
    if (stopped.containsKey(hop.journeyId())) {
      throw NanoException.conflict("journey " + hop.journeyId() + " was stopped; not guiding it");
    }
    if (agents.containsKey(hop.journeyId())) {
      return Future.succeededFuture(new GuideAt(nodeId, hop.journeyId(), hop.position(), true));
    }
    long toDeadline = Duration.between(Instant.now(), hop.deadline()).toMillis();
    if (toDeadline <= 0) {
      throw NanoException.conflict("journey " + hop.journeyId() + " is past its deadline " + hop.deadline());
    }
    Agent agent = new Agent(hop);
    agents.put(hop.journeyId(), agent);
    segment.hold(hop.journeyId());
    agent.deadlineTimer = vertx.setTimer(toDeadline, t -> {
      LOG.info("journey {} reached its deadline at LED node {}", hop.journeyId(), nodeId);
      leave(agent);
    });
    if (!hop.last()) {
      agent.segmentTimer = vertx.setTimer(hop.segmentMs(), t -> moveOn(agent));
    }
    Bus.publish(vertx.eventBus(), Addresses.GUIDE_MOVED, hop);
    LOG.info("guide for journey {} at LED node {} ({}/{})", hop.journeyId(), nodeId, hop.position() + 1,
        hop.path().size());
    return Future.succeededFuture(new GuideAt(nodeId, hop.journeyId(), hop.position(), false));
  }

  /** Presence at this node's location: every agent here that has a next node moves on now. */
  public void motion(Motion motion) {
    if (location.isEmpty() || !location.equals(motion.location())) {
      return;
    }
    agents.values().stream().filter(a -> !a.hop.last()).toList().forEach(this::moveOn);
  }

  /** The journey ended (arrived, timed out, cancelled): its agent leaves; later hops for it are refused. */
  public void stop(GuideStop stop) {
    stopped.put(stop.journeyId(), Boolean.TRUE);
    Agent agent = agents.get(stop.journeyId());
    if (agent != null) {
      LOG.info("guide for journey {} stopped at LED node {}: {}", stop.journeyId(), nodeId, stop.reason());
      leave(agent);
    }
  }

  private void moveOn(Agent agent) {
    if (agent.moving || agents.get(agent.hop.journeyId()) != agent) {
      return;
    }
    agent.moving = true;
    if (agent.segmentTimer >= 0) {
      vertx.cancelTimer(agent.segmentTimer);
      agent.segmentTimer = -1;
    }
    GuideHop next = agent.hop.next();
    Bus.request(vertx.eventBus(), Addresses.LED_NODE.at(next.node()), next).onComplete(r -> {
      agent.moving = false;
      if (agents.get(agent.hop.journeyId()) != agent) {
        return;
      }
      if (r.succeeded() || ErrorCode.of(r.cause()) == ErrorCode.CONFLICT) {
        leave(agent);
        return;
      }
      // The next node is down or slow: keep blinking here and try again after another segment time.
      LOG.warn("guide for journey {} cannot move from {} to {}: {}", agent.hop.journeyId(), nodeId, next.node(),
          r.cause().getMessage());
      agent.segmentTimer = vertx.setTimer(agent.hop.segmentMs(), t -> moveOn(agent));
    });
  }

  private void leave(Agent agent) {
    agent.cancelTimers();
    agents.remove(agent.hop.journeyId());
    segment.release(agent.hop.journeyId());
  }

}
