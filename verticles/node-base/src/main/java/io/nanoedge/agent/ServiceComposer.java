package io.nanoedge.agent;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Backup;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.NodeInfo;
import io.nanoedge.bus.OperatorBus;
import io.nanoedge.bus.ServiceCommand;
import io.nanoedge.config.Role;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.deployment.DeploymentContext;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The seed's service composition on one node: which roles run here, and deploying or undeploying a role's
 * verticle at run time. Undeploying {@code api} first asks the API for a backup of every table and keeps
 * the API running when the backup fails.
 */
final class ServiceComposer {
  private final Vertx vertx;
  private final String nodeId;
  private final JsonObject nodeConfig;
  private final RoleDeployer roles;
  private final OperatorBus bus;
  private final Duration serviceTimeout;

  /**
   * @param nodeConfig the node's merged configuration, given to every verticle deployed here
   * @param roles deploys a role's verticle (and knows its class)
   */
  ServiceComposer(Vertx vertx, String nodeId, JsonObject nodeConfig, RoleDeployer roles,
      OperatorBus bus, Duration serviceTimeout) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.nodeConfig = nodeConfig.copy();
    this.roles = roles;
    this.bus = bus;
    this.serviceTimeout = serviceTimeout;
  }

  /** Deployment ids per role running on this node, in role order. */
  Map<Role, List<String>> running() {
    Map<String, Role> byClass = new LinkedHashMap<>();
    for (Role r : Role.values()) {
      byClass.put(roles.verticleClass(r), r);
    }
    Map<Role, List<String>> out = new LinkedHashMap<>();
    VertxInternal internal = (VertxInternal) vertx;
    for (String id : internal.deploymentIDs()) {
      DeploymentContext context = internal.deploymentManager().deployment(id);
      if (context == null) {
        continue;
      }
      for (Deployable instance : context.deployment().instances()) {
        Role role = byClass.get(instance.getClass().getName());
        if (role != null) {
          List<String> ids = out.computeIfAbsent(role, r -> new ArrayList<>());
          if (!ids.contains(id)) {
            ids.add(id);
          }
        }
      }
    }
    Map<Role, List<String>> ordered = new LinkedHashMap<>();
    for (Role r : Role.values()) {
      if (out.containsKey(r)) {
        ordered.put(r, out.get(r));
      }
    }
    return ordered;
  }

  /** What the shell's {@code nodes} shows for this node. */
  NodeInfo info() {
    return new NodeInfo(nodeId, running().keySet().stream().map(Role::id).toList(), vertx.deploymentIDs().size(),
        ProcessHandle.current().pid(), ManagementFactory.getRuntimeMXBean().getUptime());
  }

  Future<ServiceCommand.Result> deploy(Role role) {
    List<String> ids = running().get(role);
    if (ids != null) {
      return Future.failedFuture(NanoException.conflict("role " + role.id() + " already runs on node " + nodeId));
    }
    if (!roles.loadable(role)) {
      String className = roles.verticleClass(role);
      return Future.failedFuture(NanoException.badRequest("role " + role.id() + " is not available in this build"
          + (className == null ? "" : " (" + className + " is missing)")));
    }
    return roles.deploy(role, nodeConfig.copy())
        .timeout(serviceTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(t -> Future.failedFuture(new NanoException(ErrorCode.UNAVAILABLE,
            "role " + role.id() + " failed to start on node " + nodeId + ": " + ErrorCode.messageOf(t))))
        .map(id -> result(role, "deployed", List.of(id), null));
  }

  Future<ServiceCommand.Result> undeploy(Role role) {
    List<String> ids = running().get(role);
    if (ids == null) {
      return Future.failedFuture(NanoException.notFound("role " + role.id() + " does not run on node " + nodeId));
    }
    Future<Backup> backup = role == Role.API ? backup() : Future.succeededFuture(null);
    return backup.compose(written -> {
      Future<Void> chain = Future.succeededFuture();
      for (String id : ids) {
        chain = chain.compose(v -> vertx.undeploy(id));
      }
      return chain.map(v -> result(role, "undeployed", ids, written));
    });
  }

  private Future<Backup> backup() {
    Backup.Request request = new Backup.Request("service undeploy api on node " + nodeId);
    return bus.request(Addresses.API_BACKUP, request, "the API backup", "no API answers the backup request",
            serviceTimeout)
        // A 400 from the API here is no fault of the operator's command: report it as an internal failure.
        .recover(t -> Future.failedFuture(new NanoException(
            ErrorCode.of(t) == ErrorCode.BAD_REQUEST ? ErrorCode.INTERNAL : ErrorCode.of(t),
            "backup before undeploying api failed, so api keeps running: " + ErrorCode.messageOf(t))));
  }

  private ServiceCommand.Result result(Role role, String action, List<String> ids, Backup backup) {
    return new ServiceCommand.Result(nodeId, role.id(), action, ids, backup);
  }
}
