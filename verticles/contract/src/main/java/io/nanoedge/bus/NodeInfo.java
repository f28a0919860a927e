package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** What a node's agent says of its node: the roles running there, for the shell's {@code nodes}. */
public record NodeInfo(String node, List<String> roles, int deployments, long pid, long uptimeMs)
    implements BusMessage {
  private static final Set<String> FIELDS = Set.of("node", "roles", "deployments", "pid", "uptimeMs");

  public NodeInfo {
    Fields.nonBlank(node, "node");
    roles = List.copyOf(roles);
  }

  public static NodeInfo fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new NodeInfo(Fields.requireString(json, "node"), Fields.stringList(json, "roles", false),
        Fields.optInt(json, "deployments", 0, 0, Integer.MAX_VALUE), Fields.requireLong(json, "pid"),
        Fields.requireLong(json, "uptimeMs"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("roles", Fields.toArray(roles)).put("deployments", deployments)
        .put("pid", pid).put("uptimeMs", uptimeMs);
  }

  /** The roll call fact: every node agent sends its {@link NodeInfo} to {@code replyTo}. */
  public record RollCall(String replyTo) implements BusMessage {
    public RollCall {
      Fields.nonBlank(replyTo, "replyTo");
    }

    public static RollCall fromJson(JsonObject json) {
      Fields.onlyKnown(json, Set.of("replyTo"));
      return new RollCall(Fields.requireString(json, "replyTo"));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("replyTo", replyTo);
    }
  }
}
