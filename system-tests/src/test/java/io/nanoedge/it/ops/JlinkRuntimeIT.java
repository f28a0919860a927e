package io.nanoedge.it.ops;

import io.nanoedge.testkit.SiteCerts;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's trimmed runtime is enough: docker/jlink/build-runtime.sh builds it with the image's module
 * list, docker/cds/build-archive.sh makes the class-data-sharing archive with it, and the jar runs on it as a
 * clustered node with the image's JVM flags and that archive (required: -Xshare:on fails the start if the
 * archive cannot be used) until /health/ready is UP. Prints the sizes and the node's resident memory.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class JlinkRuntimeIT {

  @Test
  void theJarRunsAsAClusteredNodeOnTheJlinkRuntime() throws Exception {
    Path jar = Path.of(System.getProperty("nanoedge.jar"));
    Path root = jar.getParent().getParent().getParent();
    Path runtime = jar.getParent().resolve("jlink-runtime");
    // GIVEN the runtime built the way the image builds it
    NetnsLab.runWithin(240, "sh", root.resolve("docker/jlink/build-runtime.sh").toString(), runtime.toString());
    long runtimeBytes = size(runtime);
    Path archive = jar.getParent().resolve("jlink-runtime.jsa");
    // the image's archive of nanoedge's classes, made as the image build makes it (under the image's JVM flags)
    NetnsLab.runWithin(240, "env", "JDK_JAVA_OPTIONS=" + String.join(" ", NodeProcess.IMAGE_JVM_FLAGS),
        "bash", root.resolve("docker/cds/build-archive.sh").toString(), jar.toString(), archive.toString(),
        runtime.resolve("bin/java").toString());
    // WHEN a clustered node (static members on loopback, a cluster of its own) starts on it
    int ops = Ports.freeTcp();
    int cluster = Ports.freeTcp();
    List<String> command = new ArrayList<>(List.of(runtime.resolve("bin/java").toString()));
    command.addAll(NodeProcess.IMAGE_JVM_FLAGS);
    command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"));
    command.addAll(List.of("-jar", jar.toString(), "run", "--roles", "shell", "--cluster"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(jar.getParent().resolve("jlink-runtime-node.log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("NANOEDGE_"));
    builder.environment().put("NANOEDGE_OPS_PORT", String.valueOf(ops));
    builder.environment().put("NANOEDGE_OPS_HOST", "127.0.0.1");
    builder.environment().put("NANOEDGE_SHELL_PORT", String.valueOf(Ports.freeTcp()));
    builder.environment().putAll(SiteCerts.site().env());
    builder.environment().put("NANOEDGE_CLUSTER_CONFIG", "static");
    builder.environment().put("NANOEDGE_CLUSTER_HOST", "127.0.0.1");
    builder.environment().put("NANOEDGE_CLUSTER_PORT", String.valueOf(cluster));
    builder.environment().put("NANOEDGE_CLUSTER_MEMBERS", "127.0.0.1:" + cluster);
    builder.environment().put("NANOEDGE_CLUSTER_NAME", "jlink-it-" + UUID.randomUUID());
    Process node = builder.start();
    try {
      // THEN it becomes ready, clustered
      JsonObject ready = awaitReady(ops, node);
      assertThat(ready.getString("status")).isEqualTo("UP");
      assertThat(ready.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getBoolean("clustered")).isTrue();
      System.out.printf("jlink runtime: %.1f MB; nanoedge.jar: %.1f MB; CDS archive: %.1f MB; "
          + "idle clustered node RSS: %s%n", runtimeBytes / 1e6, Files.size(jar) / 1e6, Files.size(archive) / 1e6,
          rss(node.pid()));
    } finally {
      node.destroy();
      if (!node.waitFor(15, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    // AND SIGTERM stops it cleanly (exit 0, as Swarm expects of a task)
    assertThat(node.exitValue()).isZero();
  }

  private static JsonObject awaitReady(int port, Process node) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    JsonObject[] ready = {null};
    Eventually.until("the node on the jlink runtime is ready", () -> {
      assertThat(node.isAlive()).as("node on the jlink runtime is running (see jlink-runtime-node.log)").isTrue();
      try {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        ready[0] = response.statusCode() == 200 ? new JsonObject(response.body()) : null;
      } catch (IOException e) {
        ready[0] = null; // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      return ready[0] != null;
    }, Duration.ofSeconds(90));
    return ready[0];
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static String rss(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }
}
