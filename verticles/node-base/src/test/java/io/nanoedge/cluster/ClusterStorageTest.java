package io.nanoedge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which nodes hold cluster data ({@code cluster.lite-member}) and how many backups the data members keep
 * ({@code cluster.backup-count}). That a lite member really owns no partitions, and that its death moves none, is
 * shown across JVMs by {@code LiteMemberIT} (system-tests).
 */
class ClusterStorageTest {

  private static NanoConfig config(String... keyValues) {
    NanoConfig.Builder builder = NanoConfig.builder().set("cluster.config", "static", "test")
        .set("cluster.members", "127.0.0.1", "test");
    for (int i = 0; i < keyValues.length; i += 2) {
      builder.set(keyValues[i], keyValues[i + 1], "test");
    }
    return builder.build();
  }

  @Test
  void deviceOnlyNodesAreLiteMembersByDefault() {
    // GIVEN the default (auto) WHEN nodes run only device roles THEN they hold no data
    NanoConfig auto = config();
    assertThat(ClusterStorage.liteMember(auto, List.of(Role.PRESENCE, Role.BLE))).isTrue();
    assertThat(ClusterStorage.liteMember(auto, List.of(Role.LED))).isTrue();
    assertThat(ClusterStorage.liteMember(auto, List.of(Role.ROOM, Role.COAP))).isTrue();
  }

  @Test
  void anyServerRoleOrNoRoleMakesADataMember() {
    NanoConfig auto = config();
    assertThat(ClusterStorage.liteMember(auto, List.of(Role.CONTROLLER))).isFalse();
    assertThat(ClusterStorage.liteMember(auto, List.of(Role.API, Role.SHELL))).isFalse();
    assertThat(ClusterStorage.liteMember(auto, List.of(Role.PRESENCE, Role.CONTROLLER))).isFalse();
    // ops is the "backup holder" role; no roles at all is a test's member or a probe
    assertThat(ClusterStorage.liteMember(auto, List.of(Role.OPS))).isFalse();
    assertThat(ClusterStorage.liteMember(auto, List.of())).isFalse();
    // the shell alongside devices: an operator's node, kept a data member unless the key says otherwise
    assertThat(ClusterStorage.liteMember(auto, List.of(Role.SHELL, Role.LED))).isFalse();
  }

  @Test
  void theKeyOverridesTheRoles() {
    assertThat(ClusterStorage.liteMember(config("cluster.lite-member", "false"), List.of(Role.LED))).isFalse();
    assertThat(ClusterStorage.liteMember(config("cluster.lite-member", "true"), List.of(Role.CONTROLLER))).isTrue();
  }

  @Test
  void backupCountReachesEveryClusterMapAndTheLiteFlagTheConfig() {
    // GIVEN cluster.backup-count 2 on a controller node
    Config hz = ClusterStorage.apply(ClusterConfigs.build(config("cluster.backup-count", "2")),
        config("cluster.backup-count", "2"), List.of(Role.CONTROLLER));

    // THEN the controller's maps and Vert.x's keep two synchronous backups, and the node holds data
    assertThat(hz.isLiteMember()).isFalse();
    assertThat(hz.getMapConfig("nanoedge.controller.visits").getBackupCount()).isEqualTo(2);
    assertThat(hz.getMapConfig("nanoedge.controller.lease").getBackupCount()).isEqualTo(2);
    assertThat(hz.getMapConfig("__vertx.nodeInfo").getBackupCount()).isEqualTo(2);
    assertThat(hz.getMultiMapConfig("__vertx.subs").getBackupCount()).isEqualTo(2);
  }

  @Test
  void theDefaultIsOneBackupAndDeviceNodesAreLite() {
    Config hz = ClusterStorage.apply(ClusterConfigs.build(config()), config(), List.of(Role.PRESENCE));
    assertThat(hz.isLiteMember()).isTrue();
    assertThat(hz.getMapConfig("nanoedge.controller.visits").getBackupCount()).isEqualTo(1);
    assertThat(hz.getMapConfig("nanoedge.controller.visits").getAsyncBackupCount()).isZero();
  }

  @Test
  void aQuorumProtectsNanoedgesMapsCountingDataMembersOnly() {
    // GIVEN cluster.quorum 2 (a majority of three server nodes)
    NanoConfig quorum = config("cluster.quorum", "2");
    Config hz = ClusterStorage.apply(ClusterConfigs.build(quorum), quorum, List.of(Role.CONTROLLER));

    // THEN the controller's maps need it, Vert.x's do not
    assertThat(hz.getMapConfig("nanoedge.controller.lease").getSplitBrainProtectionName())
        .isEqualTo(ClusterStorage.QUORUM);
    assertThat(hz.getMapConfig("__vertx.nodeInfo").getSplitBrainProtectionName()).isNull();
    // AND one server with any number of lite device members is no quorum; two servers are
    var function = hz.getSplitBrainProtectionConfig(ClusterStorage.QUORUM).getFunctionImplementation();
    assertThat(function.apply(List.of(member(false), member(true), member(true), member(true)))).isFalse();
    assertThat(function.apply(List.of(member(false), member(false), member(true)))).isTrue();
  }

  @Test
  void noQuorumByDefault() {
    Config hz = ClusterStorage.apply(ClusterConfigs.build(config()), config(), List.of(Role.CONTROLLER));
    assertThat(hz.getSplitBrainProtectionConfigs()).isEmpty();
    assertThat(hz.getMapConfig("nanoedge.controller.lease").getSplitBrainProtectionName()).isNull();
  }

  private static com.hazelcast.cluster.Member member(boolean lite) {
    return (com.hazelcast.cluster.Member) java.lang.reflect.Proxy.newProxyInstance(
        ClusterStorageTest.class.getClassLoader(), new Class<?>[] {com.hazelcast.cluster.Member.class},
        (proxy, method, args) -> "isLiteMember".equals(method.getName()) ? lite : null);
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> config("cluster.lite-member", "maybe")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.lite-member");
    assertThatThrownBy(() -> config("cluster.backup-count", "7")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.backup-count");
    assertThatThrownBy(() -> config("cluster.backup-count", "-1")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.backup-count");
  }
}
