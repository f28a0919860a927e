package io.nanoedge.controller;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Motion;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.health.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code controller} role: competes for the leader lease and, while it holds it, runs the visit
 * workflow ({@link ControllerEngine}) and serves the controller's commands. A standby registers no
 * consumer at all, so requests and motion reach the one active controller only; the consumers are
 * registered once per leadership, not per request.
 */
public class MainControllerVerticle extends RoleVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(MainControllerVerticle.class);
  static final String LEASE_MAP = "nanoedge.controller.lease";
  static final String VISIT_MAP = "nanoedge.controller.visits";
  static final String PRESENTED_MAP = "nanoedge.controller.presented";

  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private ControllerSettings settings;
  private AsyncMap<String, String> visitMap;
  private AsyncMap<String, String> presentedMap;
  private LeaderLease lease;
  private ControllerEngine engine;
  private int term;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    settings = ControllerSettings.from(config);
    String node = config.string(Keys.NODE_ID);
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    String nodeId = cluster == null ? "local" : cluster.getNodeId();
    Predicate<String> alive = cluster == null ? id -> true : id -> cluster.getNodes().contains(id);
    // DOWN while the leader refuses new visits (too many records wait for the status log): a node that answers
    // every visitor 503 is not ready, whatever else of it works.
    readiness().register("controller", promise -> {
      ControllerEngine current = engine;
      boolean refusing = current != null && current.refusingVisits();
      promise.complete(new Status().setOk(!refusing)
          .setData(new JsonObject().put("leader", current != null).put("node", node)
              .put("openVisits", current == null ? 0 : current.openVisits())
              .put("pendingRecords", current == null ? 0 : current.pendingRecords())
              .put("deadLetters", current == null ? 0 : current.deadLetters())
              .put("refusingVisits", refusing)));
    });
    return Future.all(vertx.sharedData().<String, String>getAsyncMap(LEASE_MAP),
        stateMap(cluster, config, VISIT_MAP), stateMap(cluster, config, PRESENTED_MAP)).onSuccess(maps -> {
          visitMap = maps.resultAt(1);
          presentedMap = maps.resultAt(2);
          lease = new LeaderLease(vertx, maps.resultAt(0), nodeId, alive, settings.leaseMs(),
              new LeaderLease.Listener() {
                @Override
                public void elected() {
                  lead(node);
                }

                @Override
                public void deposed() {
                  LOG.warn("controller {} lost the leader lease: standing by", node);
                  standBy();
                }
              });
          lease.start();
        });
  }

  /**
   * Where the leader's state lives: the cluster's maps (a standby takes over from their backups), or, on a node that
   * is not clustered, a journal directory, since the local maps are gone after a restart and with them the open
   * visits and every status record still waiting for the API.
   */
  private Future<AsyncMap<String, String>> stateMap(ClusterManager cluster, NanoConfig config, String name) {
    String journal = config.string(ControllerKeys.JOURNAL_DIR);
    if (cluster != null) {
      return vertx.sharedData().getAsyncMap(name);
    }
    if (journal.isEmpty()) {
      if (name.equals(VISIT_MAP)) {
        LOG.warn("controller.journal-dir is not set: the open visits and the status records waiting for the API "
            + "are in memory only and lost if this node restarts");
      }
      return vertx.sharedData().getAsyncMap(name);
    }
    return JournalMap.open(vertx, Path.of(journal, name)).map(map -> (AsyncMap<String, String>) map);
  }

  private void lead(String node) {
    int myTerm = ++term;
    long started = System.currentTimeMillis();
    ControllerEngine next = new ControllerEngine(vertx, node, settings, visitMap, presentedMap);
    engine = next;
    next.start().onSuccess(resumed -> {
      if (term != myTerm) {
        return;
      }
      consumers.add(Bus.serve(vertx.eventBus(), Addresses.DETECT, next::detect));
      consumers.add(Bus.serve(vertx.eventBus(), Addresses.ADMIT, next::admit));
      consumers.add(Bus.serve(vertx.eventBus(), Addresses.ARRIVAL, next::arrival));
      consumers.add(Bus.serve(vertx.eventBus(), Addresses.VISITS,
          query -> Future.succeededFuture(next.list(query.active()))));
      consumers.add(Bus.subscribe(vertx.eventBus(), Addresses.MOTION, motion -> onMotion(next, motion)));
      LOG.info("controller {} is the leader: resumed {} open visit(s) in {} ms", node, resumed,
          System.currentTimeMillis() - started);
    }).onFailure(t -> {
      LOG.error("controller {} could not load the open visits; giving up the lead", node, t);
      lease.stop().onComplete(x -> lease.start());
      standBy();
    });
  }

  private void onMotion(ControllerEngine current, Motion motion) {
    if (settings.entrance(motion.location())) {
      current.detect(motion).onFailure(t -> LOG.warn("motion at {} opened no visit: {}", motion.location(),
          t.getMessage()));
    }
  }

  private void standBy() {
    term++;
    consumers.forEach(MessageConsumer::unregister);
    consumers.clear();
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }

  @Override
  public Future<?> stop() {
    readiness().unregister("controller");
    standBy();
    return lease == null ? Future.succeededFuture() : lease.stop();
  }
}
