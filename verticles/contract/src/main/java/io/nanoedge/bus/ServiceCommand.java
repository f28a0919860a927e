package io.nanoedge.bus;

import io.nanoedge.config.Role;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Deploy or undeploy one role on a node (the shell's and the admin API's {@code service}); the node's agent
 * answers with a {@link Result}. {@code ops} runs on every node and is no role to deploy.
 */
public record ServiceCommand(String action, Role role) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("action", "role");

  public ServiceCommand {
    if (!"deploy".equals(action) && !"undeploy".equals(action)) {
      throw NanoException.badRequest("field 'action' must be 'deploy' or 'undeploy', got '" + action + "'");
    }
  }

  public static ServiceCommand fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    String action = Fields.requireString(json, "action");
    return new ServiceCommand(action, Role.named(Fields.requireString(json, "role")));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("action", action).put("role", role.id());
  }

  /** What the agent did: the deployment ids, and the API's backup when the api role was undeployed. */
  public record Result(String node, String role, String action, List<String> deploymentIds, Backup backup)
      implements BusMessage {
    private static final Set<String> FIELDS = Set.of("node", "role", "action", "deploymentIds", "backup");

    public Result {
      deploymentIds = List.copyOf(deploymentIds);
    }

    public static Result fromJson(JsonObject json) {
      Fields.onlyKnown(json, FIELDS);
      JsonObject backup = Fields.optObject(json, "backup");
      return new Result(Fields.requireString(json, "node"), Fields.requireString(json, "role"),
          Fields.requireString(json, "action"), Fields.stringList(json, "deploymentIds", false),
          backup == null ? null : Backup.fromJson(backup));
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("node", node).put("role", role).put("action", action)
          .put("deploymentIds", Fields.toArray(deploymentIds));
      return backup == null ? json : json.put("backup", backup.toJson());
    }
  }
}
