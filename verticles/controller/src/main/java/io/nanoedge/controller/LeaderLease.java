package io.nanoedge.controller;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election by a lease: one entry in a cluster-wide map, written with a time-to-live and renewed by
 * its holder every quarter lease. A standby polls the entry and takes it when it has lapsed, or at once
 * when its holder's node is no longer a cluster member (a killed node is removed in ~0.5 s, so the standby
 * need not wait for the lease to run out). The holder steps down when it cannot renew for two thirds of
 * a lease, before anyone else may take the entry.
 *
 * <p>Why a lease and not Vert.x's cluster-wide lock: the lease's behaviour when its holder dies is
 * explicit here (member check, then TTL) and needs no CP subsystem; Hazelcast 5.3 runs CP structures
 * in UNSAFE mode without one, with no consistency guarantee for a lock whose member was killed.
 */
public final class LeaderLease {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);
  static final String KEY = "leader";
  /** How often a standby looks at the lease: a dead holder is replaced this much after it left the cluster. */
  static final long POLL_MS = 200;

  /** Told when this node becomes the leader and when it stops being it. */
  public interface Listener {
    void elected();

    void deposed();
  }

  private final Vertx vertx;
  private final AsyncMap<String, String> map;
  private final String value;
  private final Predicate<String> memberAlive;
  private final long leaseMs;
  private final Listener listener;
  private long timer = -1;
  private boolean busy;
  private boolean leader;
  private long renewedAt;
  private long renewTriedAt;

  /**
   * @param nodeId cluster node id of this member, written into the lease so others can check it is alive
   * @param memberAlive whether a node id is still a cluster member
   */
  public LeaderLease(Vertx vertx, AsyncMap<String, String> map, String nodeId, Predicate<String> memberAlive,
      long leaseMs, Listener listener) {
    this.vertx = vertx;
    this.map = map;
    this.value = nodeId + "/" + UUID.randomUUID();
    this.memberAlive = memberAlive;
    this.leaseMs = leaseMs;
    this.listener = listener;
  }

  public void start() {
    timer = vertx.setPeriodic(0, Math.min(POLL_MS, leaseMs / 4), id -> tick());
  }

  public boolean leader() {
    return leader;
  }

  /** Stops competing; a leader releases the lease so a standby takes over at once. */
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    if (!leader) {
      return Future.succeededFuture();
    }
    leader = false;
    return map.removeIfPresent(KEY, value).<Void>mapEmpty().recover(t -> Future.succeededFuture());
  }

  private void tick() {
    long now = System.currentTimeMillis();
    if (leader && now - renewedAt > leaseMs * 2 / 3) {
      // Checked even while a renewal hangs: past this point another node may soon take the lease.
      LOG.warn("controller lease not renewed for {} ms: stepping down", now - renewedAt);
      depose();
      return;
    }
    if (busy || (leader && now - renewTriedAt < leaseMs / 4)) {
      return;
    }
    busy = true;
    renewTriedAt = now;
    Future<Void> round = leader ? renew() : contend();
    round.onComplete(ar -> busy = false);
  }

  private Future<Void> renew() {
    long started = System.currentTimeMillis();
    return map.get(KEY).compose(holder -> {
      if (!value.equals(holder)) {
        LOG.warn("controller lease now held by {}: stepping down", holder);
        depose();
        return Future.succeededFuture();
      }
      return map.put(KEY, value, leaseMs).onSuccess(v -> renewedAt = started);
    }).recover(t -> {
      LOG.warn("controller lease renewal failed: {}", t.toString());
      return Future.succeededFuture();
    });
  }

  private Future<Void> contend() {
    long started = System.currentTimeMillis();
    return map.get(KEY).compose(holder -> {
      if (holder == null) {
        return acquire(started);
      }
      String node = holder.substring(0, Math.max(0, holder.lastIndexOf('/')));
      if (!memberAlive.test(node)) {
        LOG.info("controller lease holder {} has left the cluster: taking over", node);
        return map.removeIfPresent(KEY, holder).compose(removed -> acquire(started));
      }
      return Future.succeededFuture();
    }).recover(t -> {
      LOG.debug("controller lease check failed: {}", t.toString());
      return Future.succeededFuture();
    });
  }

  private Future<Void> acquire(long started) {
    return map.putIfAbsent(KEY, value, leaseMs).map(previous -> {
      if (previous == null && !leader) {
        leader = true;
        renewedAt = started;
        listener.elected();
      }
      return null;
    });
  }

  private void depose() {
    if (leader) {
      leader = false;
      listener.deposed();
      // Free the entry if it is still ours, so the next leader (maybe this node again) need not wait for its TTL.
      map.removeIfPresent(KEY, value);
    }
  }
}
