package io.nanoedge.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A nanoedge node in its own JVM, started from {@code nanoedge.jar} (system property {@code nanoedge.jar},
 * set by the system-tests module's failsafe run) for tests where separate processes are the point.
 */
public final class NodeProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The JVM flags of the image (docker/Dockerfile JAVA_OPTS, without its CDS archive): a node sized for a Pi. */
  public static final List<String> IMAGE_JVM_FLAGS = List.of("-Xmx96m", "-Xss256k", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-XX:MaxDirectMemorySize=32m",
      "-Djava.net.preferIPv4Stack=true");

  private final Process process;
  private final Path log;
  private final int opsPort;
  private final String nodeId;

  private NodeProcess(Process process, Path log, int opsPort, String nodeId) {
    this.process = process;
    this.log = log;
    this.opsPort = opsPort;
    this.nodeId = nodeId;
  }

  public static Path jar() {
    String jar = System.getProperty("nanoedge.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property nanoedge.jar must point at docker/target/nanoedge.jar");
    }
    return Path.of(jar);
  }

  /** Environment for one member of a static cluster on 127.0.0.1, with the test run's site certificates. */
  public static Map<String, String> staticMember(String nodeId, int clusterPort, int opsPort, List<Integer> members) {
    Map<String, String> env = new LinkedHashMap<>(SiteCerts.site().env());
    env.put("NANOEDGE_NODE_ID", nodeId);
    env.put("NANOEDGE_CLUSTER_CONFIG", "static");
    env.put("NANOEDGE_CLUSTER_HOST", "127.0.0.1");
    env.put("NANOEDGE_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("NANOEDGE_CLUSTER_MEMBERS", String.join(",", members.stream().map(p -> "127.0.0.1:" + p).toList()));
    env.put("NANOEDGE_OPS_PORT", Integer.toString(opsPort));
    return env;
  }

  /** Starts {@code java [jvmArgs] -jar nanoedge.jar args…} with {@code env} added to this JVM's environment. */
  public static NodeProcess start(Map<String, String> env, List<String> jvmArgs, String... args) throws IOException {
    return startIn(List.of(), env, jvmArgs, args);
  }

  /**
   * Starts the jar behind {@code prefix} (e.g. {@code ip netns exec <ns>}, which replaces itself with java, so the
   * process is still the JVM). Its ops port is then inside that namespace: {@link #get} cannot reach it.
   */
  public static NodeProcess startIn(List<String> prefix, Map<String, String> env, List<String> jvmArgs,
      String... args) throws IOException {
    List<String> launch = new ArrayList<>(List.of("-jar", jar().toString()));
    launch.addAll(List.of(args));
    return launch(prefix, env, jvmArgs, launch);
  }

  /**
   * Starts {@code java [jvmArgs] -cp <this JVM's class path> mainClass args…}: a node that deploys test-side
   * verticle instances of its own (a bench's device fleet), configured like any node through {@code env}.
   */
  public static NodeProcess startMain(Map<String, String> env, List<String> jvmArgs, String mainClass,
      String... args) throws IOException {
    List<String> launch = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    launch.addAll(List.of(args));
    return launch(List.of(), env, jvmArgs, launch);
  }

  private static NodeProcess launch(List<String> prefix, Map<String, String> env, List<String> jvmArgs,
      List<String> launch) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.net.preferIPv4Stack=true");
    command.addAll(jvmArgs);
    command.addAll(launch);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("NANOEDGE_"));
    pb.environment().putAll(env);
    String id = env.getOrDefault("NANOEDGE_NODE_ID", "node");
    Path log = Files.createTempFile("nanoedge-" + id + "-", ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    String opsText = env.getOrDefault("NANOEDGE_OPS_PORT", "9090");
    int ops = opsText.matches("\\d+") ? Integer.parseInt(opsText) : -1;
    return new NodeProcess(pb.start(), log, ops, id);
  }

  public String nodeId() {
    return nodeId;
  }

  public int opsPort() {
    return opsPort;
  }

  public Process process() {
    return process;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** GET on the ops port; returns status and body (or status -1 when nothing answers). */
  public Response get(String path) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Response(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(-1, "interrupted");
    }
  }

  /** The {@code members} of the {@code cluster} readiness procedure, or -1 when not ready/answering. */
  public int members() {
    Response r = get("/health/ready");
    return r.status() == 200 ? members(r.json()) : -1;
  }

  /** The {@code members} of the {@code cluster} procedure in a {@code /health/ready} body, or -1 without one. */
  public static int members(JsonObject health) {
    JsonArray checks = health.getJsonArray("checks", new JsonArray());
    for (int i = 0; i < checks.size(); i++) {
      JsonObject check = checks.getJsonObject(i);
      if ("cluster".equals(check.getString("id")) && check.getJsonObject("data") != null) {
        return check.getJsonObject("data").getInteger("members", -1);
      }
    }
    return -1;
  }

  /** Waits until {@code /health/ready} reports {@code members}; fails with the node's log otherwise. */
  public void awaitMembers(int members, Duration timeout) throws InterruptedException {
    boolean reported = Eventually.within(timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("node " + nodeId + " exited with " + process.exitValue() + ":\n" + log());
      }
      return members() == members;
    });
    if (reported) {
      return;
    }
    throw new AssertionError("node " + nodeId + " did not report members=" + members + " within " + timeout
        + " (last: " + members() + "):\n" + log());
  }

  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit code (or -1 if it did not exit in time). */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  /** An HTTP answer. */
  public record Response(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }
}
