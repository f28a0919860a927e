package io.nanoedge.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The image's health check and shell are the jar itself ({@code nanoedge health}, {@code nanoedge shell}): the image
 * has no shell, curl or telnet. Both run as short-lived JVMs next to a node started from the jar.
 */
@Timeout(120)
class LauncherCommandsIT {

  @Test
  void healthAnswersTheNodesReadinessAndShellRunsOneCommand() throws Exception {
    int ops = Ports.freeTcp();
    int shellPort = Ports.freeTcp();
    Map<String, String> env = Map.of("NANOEDGE_NODE_ID", "probe-me", "NANOEDGE_OPS_PORT", Integer.toString(ops),
        "NANOEDGE_SHELL_PORT", Integer.toString(shellPort));
    // GIVEN nothing listens yet: the health check fails with one line
    Result before = once(env, "health");
    assertThat(before.exit()).as(before.output()).isEqualTo(1);
    assertThat(before.output()).contains("not healthy").contains(":" + ops + "/health/ready");

    try (NodeProcess node = NodeProcess.start(env, List.of(), "run", "--roles", "shell")) {
      // WHEN the node is up
      Eventually.within(Duration.ofSeconds(60), () -> node.get("/health/ready").status() == 200);
      // THEN the health check passes
      Result ready = once(env, "health");
      assertThat(ready.exit()).as(ready.output()).isZero();
      assertThat(ready.output()).startsWith("healthy: ").contains("\"status\":\"UP\"");
      // AND the shell runs a command and prints what the operator would see
      Result nodes = once(env, "shell", "nodes");
      assertThat(nodes.exit()).as(nodes.output()).isZero();
      assertThat(nodes.output()).contains("probe-me *  shell").contains("node agents answering: 1");
    }
  }

  @Test
  void shellWithoutANodeSaysSoInOneLine() throws Exception {
    Result result = once(Map.of("NANOEDGE_SHELL_PORT", Integer.toString(Ports.freeTcp())), "shell", "nodes");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output()).contains("no shell answers on 127.0.0.1:");
    assertThat(result.output().lines().count()).isEqualTo(1);
  }

  private record Result(int exit, String output) {
  }

  private static Result once(Map<String, String> env, String... args) throws Exception {
    NodeProcess process = NodeProcess.start(env, List.of(), args);
    assertThat(process.process().waitFor(30, TimeUnit.SECONDS)).as("%s ended", List.of(args)).isTrue();
    return new Result(process.process().exitValue(), process.log());
  }
}
