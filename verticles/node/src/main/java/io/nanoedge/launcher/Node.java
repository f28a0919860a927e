package io.nanoedge.launcher;

import io.nanoedge.agent.NodeAgentVerticle;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.NodeInfo;
import io.nanoedge.agent.RoleDeployer;
import io.nanoedge.cluster.ClusterConfigs;
import io.nanoedge.cluster.ClusterReadiness;
import io.nanoedge.cluster.ClusterStorage;
import io.nanoedge.cluster.ClusterTls;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.nanoedge.health.Readiness;
import io.nanoedge.ops.NodeBaseKeys;
import io.nanoedge.ops.OpsVerticle;
import io.nanoedge.ops.StatusMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running nanoedge node: a Vert.x instance (clustered or not), the ops endpoints, and the verticles
 * of its roles, deployed in role order. Holds nothing else; every behaviour lives in the verticles.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  /** How long the start-up roll call collects answers (only logged: it is there to open the connections). */
  private static final long WARM_UP_MS = 5000;
  private final Vertx vertx;
  private final String id;
  private final List<Role> roles;
  private final int opsPort;
  private final HealthChecks readiness;
  private final RoleDeployer deployer;

  private Node(Vertx vertx, String id, List<Role> roles, int opsPort, HealthChecks readiness, RoleDeployer deployer) {
    this.vertx = vertx;
    this.id = id;
    this.roles = roles;
    this.opsPort = opsPort;
    this.readiness = readiness;
    this.deployer = deployer;
  }

  public static Future<Node> start(NanoConfig config, List<Role> roles) {
    String nodeId = nodeId(config);
    NanoConfig withId = config.with(Keys.NODE_ID, nodeId)
        .with(Keys.ROLES, String.join(",", roles.stream().map(Role::id).toList()));
    VertxOptions options = new VertxOptions()
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
    Future<Vertx> vertxFuture;
    Future<HazelcastClusterManager> joined;
    if (config.bool(NodeBaseKeys.CLUSTER_ENABLED)) {
      // The site's certificates are opened once (each opening costs PBKDF2 rounds: see ClusterTls) and serve both the
      // cluster name and the bus. Missing ones are named after a wrong cluster.* key, when the bus needs them.
      ClusterTls.Material tls = ClusterTls.configured(config) ? ClusterTls.load(config) : null;
      var hazelcast = ClusterConfigs.build(config, tls);
      // No clustered bus without the site's certificates: refused here, before anything listens.
      ClusterTls.apply(tls == null ? ClusterTls.load(config) : tls, options.getEventBusOptions());
      // Device-only nodes join as lite members; the data members keep cluster.backup-count backups.
      joined = ClusterStorage.clusterManager(ClusterStorage.apply(hazelcast, config, roles));
      String busHost = ClusterConfigs.busHost(config);
      if (!busHost.isEmpty()) {
        options.getEventBusOptions().setHost(busHost);
      }
      options.getEventBusOptions().setPort(config.integer(NodeBaseKeys.CLUSTER_BUS_PORT));
      vertxFuture = joined.compose(manager -> builder.withClusterManager(manager).buildClustered());
    } else {
      joined = Future.succeededFuture();
      vertxFuture = Future.succeededFuture(builder.build());
    }
    return vertxFuture.compose(vertx -> {
      HazelcastClusterManager clusterManager = joined.result();
      HealthChecks readiness = HealthChecks.create(vertx);
      RoleDeployer deployer = new RoleDeployer(vertx, Readiness.of(readiness));
      // A clustered node is ready only inside the building's cluster with what its roles need served there (the
      // controller the API, the entrance a leading controller and the API): Swarm's health check says "starting", not
      // "healthy", while the building is in pieces.
      ClusterReadiness inCluster = clusterManager == null ? null
          : new ClusterReadiness(clusterManager, config.integer(NodeBaseKeys.CLUSTER_EXPECTED_MEMBERS), roles);
      boolean lite = clusterManager != null && ClusterStorage.liteMember(config, roles);
      readiness.register("cluster", promise -> {
        if (inCluster == null) {
          promise.complete(new Status().setOk(true).setData(new JsonObject().put("members", 1)
              .put("clustered", false).put("node", nodeId)));
          return;
        }
        inCluster.status().onComplete(ar -> promise.complete(ar.succeeded() ? ar.result().setData(
            ar.result().getData().put("clustered", true).put("node", nodeId).put("liteMember", lite))
            : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause())))));
      });
      // Ready only once every role is deployed: the roles' own procedures appear one by one while they start.
      AtomicBoolean rolesDeployed = new AtomicBoolean();
      List<String> roleIds = roles.stream().map(Role::id).toList();
      readiness.register("roles", promise -> promise.complete(new Status()
          .setOk(rolesDeployed.get()).setData(new JsonObject().put("roles", new JsonArray(roleIds))
              .put("deployed", rolesDeployed.get()))));
      JsonObject json = withId.toJson();
      OpsVerticle ops = new OpsVerticle(readiness);
      Future<Node> started = vertx.deployVerticle(ops, new DeploymentOptions().setConfig(json))
          // Every node runs an agent: its info for `nodes`, and run-time deploy/undeploy for `service`.
          .compose(opsId -> NodeAgentVerticle.ensureDeployed(vertx, json, deployer))
          .compose(v -> deployRoles(deployer, roles, json))
          // The API nodes count the statuses they store (every node could; one kind avoids double counts).
          .compose(v -> roles.contains(Role.API) ? StatusMetrics.attach(vertx).mapEmpty(
              ) : Future.<Void>succeededFuture())
          .map(v -> {
            if (clusterManager != null) {
              warmBus(vertx, nodeId);
            }
            rolesDeployed.set(true);
            return new Node(vertx, nodeId, roles, ops.port(), readiness, deployer);
          });
      // A promise bound to no context: after a failed start the deployment's context is closed with Vert.x,
      // and a continuation scheduled on it would never run.
      Promise<Node> result = Promise.promise();
      started.onComplete(ar -> {
        if (ar.succeeded()) {
          result.complete(ar.result());
        } else {
          result.fail(ar.cause());
          vertx.close();
        }
      });
      return result.future();
    });
  }

  /**
   * A roll call to every node as soon as this one runs: it opens the bus's TLS connections both ways and sets up the
   * TLS context on first use, which blocked an event loop for seconds on a loaded machine (measured 2.7 s at load 30).
   * Done now, not on the first real request (a standby controller's first after it takes over, a visit's first scan).
   */
  private static void warmBus(Vertx vertx, String nodeId) {
    String replyTo = "nanoedge.node.warm-up." + nodeId + "." + UUID.randomUUID();
    long started = System.nanoTime();
    AtomicInteger answers = new AtomicInteger();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(replyTo, m -> {
      if (answers.incrementAndGet() == 1) {
        LOG.info("bus: first node answered the roll call in {} ms",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
    });
    consumer.completion()
        .onSuccess(x -> Bus.publish(vertx.eventBus(), Addresses.NODE_ROLL_CALL, new NodeInfo.RollCall(replyTo)));
    vertx.setTimer(WARM_UP_MS, id -> {
      consumer.unregister();
      LOG.info("bus: {} node(s) answered the start-up roll call", answers.get());
    });
  }

  private static Future<Void> deployRoles(RoleDeployer deployer, List<Role> roles, JsonObject config) {
    Future<Void> chain = Future.succeededFuture();
    for (Role role : roles) {
      if (role.verticleClass() == null) {
        continue;
      }
      chain = chain.compose(v -> deployer.deploy(role, config)
          .recover(t -> Future.failedFuture(t instanceof ConfigException
              ? new ConfigException("role " + role.id() + ": " + t.getMessage())
              : new IllegalStateException("role " + role.id() + " failed to start: " + t.getMessage(), t)))
          .mapEmpty());
    }
    return chain;
  }

  private static String nodeId(NanoConfig config) {
    String configured = config.string(Keys.NODE_ID);
    if (!configured.isEmpty()) {
      return configured;
    }
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (UnknownHostException e) {
      return "node-" + ProcessHandle.current().pid();
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public String id() {
    return id;
  }

  public List<Role> roles() {
    return new ArrayList<>(roles);
  }

  public int opsPort() {
    return opsPort;
  }

  /** The node's readiness procedures, as {@code /health/ready} reports them. */
  public HealthChecks readiness() {
    return readiness;
  }

  /** Deploys one more instance of a role's verticle on this node (the demo's devices) with {@code config}. */
  public Future<String> deploy(Role role, JsonObject config) {
    return deployer.deploy(role, config);
  }

  /** Undeploys every verticle and leaves the cluster. */
  public Future<Void> stop() {
    return vertx.close();
  }
}
