package io.nanoedge.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The merged, validated configuration of a node: built-in defaults &lt; YAML file &lt; {@code NANOEDGE_*}
 * environment &lt; {@code -Dnanoedge.*} system properties &lt; command-line flags. Unknown keys and bad
 * values are errors naming the key, never silently ignored.
 *
 * <p>Hand-written rather than vertx-config because it must run before a Vert.x instance exists (the
 * cluster options depend on it), synchronously, and must reject unknown keys, which vertx-config does not.
 */
public final class NanoConfig {
  private final Map<String, String> values;

  private NanoConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Defaults only; for tests and tools. */
  public static NanoConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Rebuilds a configuration that a verticle received as its deployment config. */
  public static NanoConfig fromJson(JsonObject json) {
    Builder b = builder();
    json.forEach(e -> b.set(e.getKey(), String.valueOf(e.getValue()), "deployment config"));
    return b.build();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    values.forEach(json::put);
    return json;
  }

  public String string(ConfigKey key) {
    return values.getOrDefault(key.name(), key.defaultValue());
  }

  public int integer(ConfigKey key) {
    return Integer.parseInt(string(key));
  }

  public long longValue(ConfigKey key) {
    return Long.parseLong(string(key));
  }

  public boolean bool(ConfigKey key) {
    return Boolean.parseBoolean(string(key));
  }

  public List<String> list(ConfigKey key) {
    String raw = string(key);
    return raw.isBlank() ? List.of()
        : Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** A copy with one more value (validated); used for command-line flags and tests. */
  public NanoConfig with(ConfigKey key, String value) {
    Builder b = builder();
    values.forEach((k, v) -> b.set(k, v, ""));
    b.set(key.name(), value, "");
    return b.build();
  }

  /** Collects values from the sources in precedence order; later sources win. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    public Builder set(String name, String value, String source) {
      ConfigKey key = Modules.key(name).orElseThrow(() -> new ConfigException(
          "unknown configuration key '" + name + "'" + (source.isEmpty() ? "" : " (from " + source + ")")));
      values.put(name, key.validate(value, source));
      return this;
    }

    public Builder file(Path path) {
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw new ConfigException("config file '" + path + "' does not exist or cannot be read");
      }
      Object root;
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      } catch (IOException | YAMLException e) {
        throw new ConfigException("config file '" + path + "' is not valid YAML: "
            + e.getMessage().replace('\n', ' '));
      }
      if (root == null) {
        return this;
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new ConfigException("config file '" + path + "' must be a YAML mapping of keys to values");
      }
      flatten("", map, path.toString());
      return this;
    }

    private void flatten(String prefix, Map<?, ?> map, String source) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String name = prefix + e.getKey();
        Object value = e.getValue();
        if (value instanceof Map<?, ?> nested && Modules.key(name).isEmpty()) {
          flatten(name + ".", nested, source);
        } else if (value instanceof Collection<?> items) {
          set(name, String.join(",", items.stream().map(String::valueOf).toList()), source);
        } else if (value instanceof Map<?, ?>) {
          throw new ConfigException("configuration key '" + name + "' (from " + source + ") must be a single value");
        } else {
          set(name, value == null ? "" : String.valueOf(value), source);
        }
      }
    }

    /** {@code NANOEDGE_*} variables; one that names no key is an error (a typo must not pass silently). */
    public Builder environment(Map<String, String> env) {
      Map<String, ConfigKey> byEnv = new LinkedHashMap<>();
      Modules.keys().forEach(k -> byEnv.put(k.envName(), k));
      env.entrySet().stream().filter(e -> e.getKey().startsWith("NANOEDGE_")).sorted(Map.Entry.comparingByKey())
          .forEach(e -> {
            ConfigKey key = byEnv.get(e.getKey());
            if (key == null) {
              throw new ConfigException("unknown configuration variable " + e.getKey()
                  + " (environment variables are NANOEDGE_ + the key upper-cased, . and - as _)");
            }
            set(key.name(), e.getValue(), "environment " + e.getKey());
          });
      return this;
    }

    public Builder systemProperties(Properties props) {
      props.stringPropertyNames().stream().filter(n -> n.startsWith("nanoedge.")).sorted()
          .forEach(n -> set(n.substring("nanoedge.".length()), props.getProperty(n), "system property " + n));
      return this;
    }

    public NanoConfig build() {
      Map<String, String> merged = new LinkedHashMap<>(values);
      // A secret file wins over the plain key it fills (Docker secrets).
      for (ConfigKey key : Modules.keys()) {
        String file = merged.getOrDefault(key.name(), "");
        if (file.isEmpty()) {
          continue;
        }
        if (key.type() == ConfigKey.Type.FILE) {
          merged.put(key.target(), readSecret(key, file));
        } else if (key.type() == ConfigKey.Type.PASSWORD_FILE) {
          String url = DbUrl.withPassword(merged.getOrDefault(key.target(), ""),
              URLEncoder.encode(readSecret(key, file), StandardCharsets.UTF_8));
          DbUrl.parse(url);
          merged.put(key.target(), url);
        }
      }
      return new NanoConfig(merged);
    }

    private static String readSecret(ConfigKey key, String file) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
      } catch (IOException | RuntimeException e) {
        throw new ConfigException("configuration key '" + key.name() + "': cannot read file '" + file + "'");
      }
    }
  }
}
