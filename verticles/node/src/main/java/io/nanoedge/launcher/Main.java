package io.nanoedge.launcher;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.Keys;
import io.nanoedge.config.Modules;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.nanoedge.ops.NodeBaseKeys;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The command line: {@code run}, {@code health}, {@code shell}, {@code certs}, {@code demo}, {@code config-doc},
 * {@code --help}. Exit code 2 with one line naming the problem for any usage or configuration error; SIGTERM
 * stops the node cleanly with 0.
 */
public final class Main {
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_FAILED = 1;

  private Main() {
  }

  public static void main(String[] args) {
    int code = execute(args, System.getenv(), System.getProperties(), System.out, System.err);
    if (code >= 0) {
      System.exit(code);
    }
  }

  /** Runs a command; returns an exit code, or -1 when a node was started and keeps running. */
  static int execute(String[] args, Map<String, String> env, Properties props, PrintStream out, PrintStream err) {
    try {
      if (args.length == 0) {
        throw new ConfigException("no command given; try --help");
      }
      switch (args[0]) {
        case "--help", "-h", "help" -> {
          out.print(Usage.TEXT);
          return 0;
        }
        case "config-doc" -> {
          out.print(Modules.markdownTable());
          return 0;
        }
        case "run" -> {
          return run(parseRun(args, env, props), out, err);
        }
        case "health" -> {
          return HealthProbe.run(args, NanoConfig.builder().environment(env).systemProperties(props).build(), out);
        }
        case "certs" -> {
          return CertsCommand.run(args, out);
        }
        case "shell" -> {
          return ShellCommand.run(args, NanoConfig.builder().environment(env).systemProperties(props).build(),
              System.in, out, err);
        }
        default -> {
          return command(args[0]).run(args, env, props, out, err);
        }
      }
    } catch (ConfigException e) {
      err.println("nanoedge: " + e.getMessage());
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      err.println("nanoedge: " + e.getMessage());
      return EXIT_FAILED;
    }
  }

  /** A command of a module on the class path ({@code demo}); a usage error when no module provides it. */
  private static LauncherCommand command(String name) {
    for (LauncherCommand command : ServiceLoader.load(LauncherCommand.class)) {
      if (command.name().equals(name)) {
        return command;
      }
    }
    if (name.equals("demo")) {
      throw new ConfigException("the demo is not part of this build: run ./nanoedge demo from a source checkout");
    }
    throw new ConfigException("unknown command '" + name + "'; try --help");
  }

  /** Options of {@code run}: the merged configuration with the command-line flags on top. */
  static NanoConfig parseRun(String[] args, Map<String, String> env, Properties props) {
    String roles = null;
    boolean cluster = false;
    String file = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--roles" -> roles = value(args, ++i, "--roles");
        case "--cluster" -> cluster = true;
        case "--config" -> file = value(args, ++i, "--config");
        default -> throw new ConfigException("unknown option '" + args[i] + "' for run; try --help");
      }
    }
    NanoConfig.Builder builder = NanoConfig.builder();
    if (file != null) {
      builder.file(Path.of(file));
    }
    NanoConfig config = builder.environment(env).systemProperties(props).build();
    if (roles != null) {
      config = config.with(Keys.ROLES, roles);
    }
    if (cluster) {
      config = config.with(NodeBaseKeys.CLUSTER_ENABLED, "true");
    }
    Role.parse(config.list(Keys.ROLES));
    return config;
  }

  static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new ConfigException("option " + option + " needs a value");
    }
    return args[i];
  }

  static int run(NanoConfig config, PrintStream out, PrintStream err) {
    List<Role> roles = Role.parse(config.list(Keys.ROLES));
    CompletableFuture<Node> starting;
    try {
      starting = Node.start(config, roles).toCompletionStage().toCompletableFuture();
    } catch (ConfigException e) {
      err.println("nanoedge: " + e.getMessage());
      return EXIT_USAGE;
    }
    // Installed before the node is up: a SIGTERM during start-up waits for the start, then stops cleanly.
    installStopHook(starting, err, () -> { });
    Node node;
    try {
      node = starting.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ConfigException ce) {
        err.println("nanoedge: " + ce.getMessage());
        return EXIT_USAGE;
      }
      err.println("nanoedge: failed to start: " + cause.getMessage());
      return EXIT_FAILED;
    }
    long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    out.println("nanoedge node " + node.id() + " started in " + ms + " ms: roles "
        + roles.stream().map(Role::id).collect(Collectors.joining(",")) + "; ops http://"
        + config.string(NodeBaseKeys.OPS_HOST) + ":" + node.opsPort() + "/health/ready"
        + (config.bool(NodeBaseKeys.CLUSTER_ENABLED) ? "; clustered (" + config.string(NodeBaseKeys.CLUSTER_CONFIG)
            + ")" : ""));
    return -1;
  }

  /**
   * Swarm stops a task with SIGTERM: leave the cluster cleanly, run {@code afterStop} (e.g. stop an embedded
   * database), then exit 0 rather than 143. When the start failed, the hook does nothing: the exit code that
   * reported the failure stands.
   */
  public static void installStopHook(CompletableFuture<Node> starting, PrintStream err, Runnable afterStop) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Node node;
      try {
        node = starting.get(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        return;
      }
      try {
        node.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        afterStop.run();
        err.println("nanoedge: node " + node.id() + " stopped");
        err.flush();
        Runtime.getRuntime().halt(0);
      } catch (Exception e) {
        err.println("nanoedge: unclean stop: " + e);
        Runtime.getRuntime().halt(EXIT_FAILED);
      }
    }, "nanoedge-stop"));
  }

  static List<String> rest(String[] args, int from) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < args.length; i++) {
      out.add(args[i]);
    }
    return out;
  }
}
