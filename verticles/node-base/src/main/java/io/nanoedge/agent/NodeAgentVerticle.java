package io.nanoedge.agent;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.OperatorBus;
import io.nanoedge.bus.ServiceCommand;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.time.Duration;

/**
 * The per-node agent the shell talks to: answers {@code nanoedge.node.info.<node>} and the roll call with
 * the roles running here, and deploys or undeploys roles on {@code nanoedge.node.service.<node>}. One per
 * node; meant to run on every node so {@code nodes} and {@code service --node} reach all of them.
 */
public class NodeAgentVerticle extends VerticleBase {
  private static final String AGENTS = "nanoedge.node-agents";

  private final RoleDeployer roles;
  private String nodeId;
  private ServiceComposer composer;

  /** @param roles how this node deploys a role (with the node's readiness) */
  public NodeAgentVerticle(RoleDeployer roles) {
    this.roles = roles;
  }

  /** Deploys an agent for the node of {@code config} unless one already runs in this Vert.x instance. */
  public static Future<Void> ensureDeployed(Vertx vertx, JsonObject config, RoleDeployer roles) {
    String nodeId = NanoConfig.fromJson(config).string(Keys.NODE_ID);
    if (agents(vertx).containsKey(nodeId)) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new NodeAgentVerticle(roles), new DeploymentOptions().setConfig(config)).mapEmpty();
  }

  private static LocalMap<String, Boolean> agents(Vertx vertx) {
    return vertx.sharedData().getLocalMap(AGENTS);
  }

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    nodeId = config.string(Keys.NODE_ID);
    if (nodeId.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("configuration key 'node.id' is empty"));
    }
    if (agents(vertx).putIfAbsent(nodeId, true) != null) {
      return Future.failedFuture(NanoException.conflict("a node agent for " + nodeId + " already runs"));
    }
    OperatorBus bus = new OperatorBus(vertx.eventBus(), Duration.ofMillis(config.longValue(Keys.BUS_TIMEOUT_MS)));
    composer = new ServiceComposer(vertx, nodeId, config(), roles, bus,
        Duration.ofMillis(config.longValue(Keys.SERVICE_TIMEOUT_MS)));
    MessageConsumer<Object> info = Bus.serve(vertx.eventBus(), Addresses.NODE_INFO.at(nodeId),
        body -> Future.succeededFuture(composer.info()));
    MessageConsumer<Object> service = Bus.serve(vertx.eventBus(), Addresses.NODE_SERVICE.at(nodeId), this::service);
    MessageConsumer<Object> rollCall = Bus.subscribe(vertx.eventBus(), Addresses.NODE_ROLL_CALL,
        call -> vertx.eventBus().send(call.replyTo(), composer.info().toJson()));
    return Future.join(info.completion(), service.completion(), rollCall.completion());
  }

  private Future<ServiceCommand.Result> service(ServiceCommand command) {
    return command.action().equals("deploy") ? composer.deploy(command.role()) : composer.undeploy(command.role());
  }

  @Override
  public Future<?> stop() {
    agents(vertx).remove(nodeId);
    return Future.succeededFuture();
  }
}
