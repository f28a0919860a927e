package io.nanoedge.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.nanoedge.config.Role;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a clustered node can do its job, for {@code /health/ready} (and so for Swarm's health check): it is in the
 * building's cluster (with {@code cluster.expected-members}, the cluster has had that many members since this node
 * joined; a start-up split is several small clusters, none of them ready) and every role it runs sees what it needs
 * served somewhere ({@link Role#needs()}: a controller the API, the entrance a leading controller and the API).
 *
 * <p>The member count is checked only until the cluster has formed once: afterwards a lost member (a Pi unplugged)
 * must not make every task unhealthy and restarted by Swarm; what each node then needs is what its roles need.
 */
public final class ClusterReadiness {
  private final HazelcastClusterManager cluster;
  private final int expected;
  private final List<Role.Need> needs;
  private final AtomicBoolean formed = new AtomicBoolean();

  public ClusterReadiness(HazelcastClusterManager cluster, int expected, List<Role> roles) {
    this.cluster = cluster;
    this.expected = expected;
    Set<Role.Need> all = new LinkedHashSet<>();
    roles.forEach(role -> all.addAll(role.needs()));
    this.needs = List.copyOf(all);
    MembershipListener listener = new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        noteSize(event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
      }
    };
    cluster.getHazelcastInstance().getCluster().addMembershipListener(listener);
    noteSize(cluster.getNodes().size());
  }

  private void noteSize(int members) {
    if (members >= expected) {
      formed.set(true);
    }
  }

  /** The readiness status: up, or down with what is missing in {@code missing}. */
  public Future<Status> status() {
    List<String> nodes = cluster.getNodes();
    noteSize(nodes.size());
    List<Future<String>> checks = new ArrayList<>();
    for (Role.Need need : needs) {
      Promise<List<RegistrationInfo>> found = Promise.promise();
      cluster.getRegistrations(need.address(), found);
      checks.add(found.future().map(infos -> infos.stream()
          .anyMatch(info -> !info.localOnly() && nodes.contains(info.nodeId())) ? null : need.what()));
    }
    return Future.join(checks).transform(ar -> {
      JsonArray missing = new JsonArray();
      if (!formed.get()) {
        missing.add("the rest of the cluster (" + nodes.size() + " of " + expected + " members)");
      }
      for (Future<String> check : checks) {
        if (check.failed()) {
          missing.add("the cluster's subscriptions (" + check.cause().getMessage() + ")");
        } else if (check.result() != null) {
          missing.add(check.result());
        }
      }
      JsonObject data = new JsonObject().put("members", nodes.size()).put("formed", formed.get());
      if (expected > 0) {
        data.put("expected", expected);
      }
      if (!missing.isEmpty()) {
        data.put("missing", missing);
      }
      return Future.succeededFuture(new Status().setOk(cluster.isActive() && missing.isEmpty()).setData(data));
    });
  }
}
