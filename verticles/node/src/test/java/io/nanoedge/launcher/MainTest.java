package io.nanoedge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's usage and configuration errors: exit code 2 and one line naming the problem. */
class MainTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int exec(Map<String, String> env, String... args) {
    return Main.execute(args, env, new Properties(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errLine() {
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().count()).as("one line: " + text).isEqualTo(1);
    return text;
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    assertThat(exec(Map.of(), "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("run --roles").contains("demo");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(exec(Map.of())).isEqualTo(2);
    assertThat(errLine()).contains("no command");
  }

  @Test
  void unknownRoleIsNamed() {
    assertThat(exec(Map.of(), "run", "--roles", "all,kitchen")).isEqualTo(2);
    assertThat(errLine()).contains("'kitchen'").contains("roles");
  }

  @Test
  void missingRolesIsNamed() {
    assertThat(exec(Map.of(), "run")).isEqualTo(2);
    assertThat(errLine()).contains("'roles'");
  }

  @Test
  void unknownOptionIsNamed() {
    assertThat(exec(Map.of(), "run", "--roles", "all", "--clusterr")).isEqualTo(2);
    assertThat(errLine()).contains("--clusterr");
  }

  @Test
  void missingConfigFileIsNamed() {
    assertThat(exec(Map.of(), "run", "--roles", "all", "--config", dir.resolve("none.yaml").toString())).isEqualTo(2);
    assertThat(errLine()).contains("none.yaml");
  }

  @Test
  void unknownKeyInConfigFileIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "ops:\n  prot: 1\n");
    assertThat(exec(Map.of(), "run", "--roles", "all", "--config", file.toString())).isEqualTo(2);
    assertThat(errLine()).contains("'ops.prot'");
  }

  @Test
  void badEnvironmentValueIsNamed() {
    assertThat(exec(Map.of("NANOEDGE_OPS_PORT", "-1"), "run", "--roles", "all")).isEqualTo(2);
    assertThat(errLine()).contains("'ops.port'").contains("NANOEDGE_OPS_PORT");
  }

  @Test
  void badClusterConfigIsNamedWhenTheNodeStarts() {
    assertThat(exec(Map.of("NANOEDGE_CLUSTER_CONFIG", dir.resolve("hz.xml").toString()), "run", "--roles", "all",
        "--cluster")).isEqualTo(2);
    assertThat(errLine()).contains("'cluster.config'");
  }

  @Test
  void aClusteredNodeWithoutTheSiteCertificatesDoesNotStart() {
    // WHEN a node is asked to join a cluster with no certificates configured
    assertThat(exec(Map.of("NANOEDGE_OPS_PORT", "0"), "run", "--roles", "ops", "--cluster")).isEqualTo(2);
    // THEN it refuses, naming the keys to set and the command that makes them
    assertThat(errLine()).contains("cluster.tls.keystore").contains("nanoedge certs");
  }

  @Test
  void lanWithoutTrustedInterfacesDoesNotStart() {
    assertThat(exec(Map.of("NANOEDGE_CLUSTER_CONFIG", "lan"), "run", "--roles", "ops", "--cluster")).isEqualTo(2);
    assertThat(errLine()).contains("'cluster.interfaces'");
  }

  @Test
  void certsMakesASiteAndRefusesBadNames() throws Exception {
    assertThat(exec(Map.of(), "certs", dir.resolve("site").toString(), "--site", "hq", "--nodes", "api,room"))
        .isZero();
    assertThat(dir.resolve("site/api.p12")).isRegularFile();
    assertThat(dir.resolve("site/room.p12")).isRegularFile();
    assertThat(dir.resolve("site/truststore.p12")).isRegularFile();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("NANOEDGE_CLUSTER_TLS_KEYSTORE");
    assertThat(exec(Map.of(), "certs", dir.resolve("bad").toString(), "--nodes", "Room R")).isEqualTo(2);
    assertThat(errLine()).contains("'Room R'");
    assertThat(dir.resolve("bad")).doesNotExist();
  }

  @Test
  void configDocPrintsEveryKey() {
    assertThat(exec(Map.of(), "config-doc")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("`ops.port`").contains("`NANOEDGE_OPS_PORT`");
  }
}
