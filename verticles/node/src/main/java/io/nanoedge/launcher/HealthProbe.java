package io.nanoedge.launcher;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.ops.NodeBaseKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@code nanoedge health}: asks this node's own {@code /health/ready} (or {@code /health/live}) and exits 0 when it
 * answers 200, 1 otherwise. It is the image's health check, which has no shell or curl; it loads no Vert.x or
 * Hazelcast, so a probe costs a short-lived JVM and nothing more.
 */
final class HealthProbe {
  private static final int TIMEOUT_MS = 3000;

  private HealthProbe() {
  }

  static int run(String[] args, NanoConfig config, PrintStream out) {
    String path = "/health/ready";
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--live")) {
        path = "/health/live";
      } else {
        throw new ConfigException("unknown option '" + args[i] + "' for health; try --help");
      }
    }
    String host = config.string(NodeBaseKeys.OPS_HOST);
    // A node bound to every interface answers on loopback too.
    String target = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    String url = "http://" + target + ":" + config.integer(NodeBaseKeys.OPS_PORT) + path;
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
      http.setConnectTimeout(TIMEOUT_MS);
      http.setReadTimeout(TIMEOUT_MS);
      int status = http.getResponseCode();
      String body = read(status < 400 ? http.getInputStream() : http.getErrorStream());
      out.println((status == 200 ? "healthy: " : "not healthy: HTTP " + status + " ") + url + " " + oneLine(body));
      return status == 200 ? 0 : Main.EXIT_FAILED;
    } catch (IOException e) {
      out.println("not healthy: " + url + " does not answer (" + e.getMessage() + ")");
      return Main.EXIT_FAILED;
    }
  }

  private static String read(InputStream in) throws IOException {
    if (in == null) {
      return "";
    }
    try (in) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
  }

  private static String oneLine(String body) {
    String line = body.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
