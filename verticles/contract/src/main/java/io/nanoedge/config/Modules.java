package io.nanoedge.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The one registry of configuration keys and role verticles, filled by every {@link NanoModule} on the class
 * path (the way Californium's modules register their definitions). A node built from the whole jar knows every
 * key; a module's own tests know the keys of the modules they have.
 */
public final class Modules {
  private final List<ConfigKey> keys;
  private final Map<String, ConfigKey> byName = new LinkedHashMap<>();
  private final Map<Role, String> verticles = new EnumMap<>(Role.class);

  private Modules(List<NanoModule> modules) {
    List<ConfigKey> all = new ArrayList<>();
    modules.stream().sorted(Comparator.comparingInt(NanoModule::order)).forEach(module -> {
      for (ConfigKey key : module.keys()) {
        if (byName.put(key.name(), key) != null) {
          throw new IllegalStateException("configuration key " + key.name() + " is registered twice");
        }
        all.add(key);
      }
      module.roles().forEach((role, verticle) -> {
        if (verticles.put(role, verticle.getName()) != null) {
          throw new IllegalStateException("role " + role.id() + " is served by two modules");
        }
      });
    });
    this.keys = List.copyOf(all);
  }

  /** Loaded once, on first use: what the class path holds does not change while the JVM runs. */
  private static final class OnClassPath {
    static final Modules MODULES = new Modules(ServiceLoader.load(NanoModule.class).stream()
        .map(ServiceLoader.Provider::get).toList());
  }

  private static Modules loaded() {
    return OnClassPath.MODULES;
  }

  /** Every registered key, in table order. */
  public static List<ConfigKey> keys() {
    return loaded().keys;
  }

  public static Optional<ConfigKey> key(String name) {
    return Optional.ofNullable(loaded().byName.get(name));
  }

  /** The verticle class name of a role, if a module on the class path serves it. */
  public static Optional<String> verticleClass(Role role) {
    return Optional.ofNullable(loaded().verticles.get(role));
  }

  /** The README table: key, environment variable, default, meaning. */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder("| key | environment | default | meaning |\n|---|---|---|---|\n");
    for (ConfigKey key : keys()) {
      out.append("| `").append(key.name()).append("` | `").append(key.envName()).append("` | ")
          .append(key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`").append(" | ")
          .append(key.doc()).append(" |\n");
    }
    return out.toString();
  }
}
