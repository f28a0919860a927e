package io.nanoedge.it.ops;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One nanoedge node started from the built jar inside a network namespace ({@code ip netns exec} replaces
 * itself with java, so the process is the JVM), configured through {@code NANOEDGE_*} variables the way
 * the Swarm stack configures a task. Its ops endpoint is read from inside the namespace.
 */
final class NodeProcess {
  static final int OPS_PORT = 9090;

  private final String namespace;
  private final Process process;

  private NodeProcess(String namespace, Process process) {
    this.namespace = namespace;
    this.process = process;
  }

  static NodeProcess start(String namespace, Path jar, String roles, Map<String, String> env, File log)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(io.nanoedge.testkit.NodeProcess.IMAGE_JVM_FLAGS);
    command.addAll(List.of("-jar", jar.toString(), "run", "--roles", roles, "--cluster"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    builder.environment().keySet().removeIf(k -> k.startsWith("NANOEDGE_"));
    builder.environment().putAll(env);
    builder.environment().put("NANOEDGE_OPS_PORT", String.valueOf(OPS_PORT));
    return new NodeProcess(namespace, builder.start());
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: the host is gone without leaving the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * The cluster size this node reports in {@code /health/ready} (the {@code cluster} procedure's
   * {@code members}), or -1 while it does not answer.
   */
  int members() {
    JsonObject health = readiness();
    if (health == null) {
      return -1;
    }
    return io.nanoedge.testkit.NodeProcess.members(health);
  }

  /** GET /health/ready from inside the node's namespace (bash's /dev/tcp: no HTTP client needed there). */
  JsonObject readiness() {
    String script = "exec 3<>/dev/tcp/127.0.0.1/" + OPS_PORT
        + " && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && cat <&3";
    try {
      String response = NetnsLab.run("timeout", "5", "ip", "netns", "exec", namespace, "bash", "-c", script);
      int body = response.indexOf("\r\n\r\n");
      return body < 0 ? null : new JsonObject(response.substring(body + 4).trim());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
