package io.nanoedge.config;

import java.util.List;
import java.util.Map;

/**
 * What one module adds to a node: its configuration keys and the verticles of the roles it serves. Each module
 * names its subclass in {@code META-INF/services/io.nanoedge.config.NanoModule}; {@link Modules} collects every
 * one on the class path, so the contract need not know any role's keys or classes.
 */
public abstract class NanoModule {
  private final int order;
  private final List<ConfigKey> keys;
  private final Map<Role, Class<?>> roles;

  /**
   * @param order where this module's keys stand in the configuration table ({@code config-doc}): lower first
   * @param keys this module's keys, in the order the table lists them
   * @param roles the verticle class of each role this module serves (none for a library module)
   */
  protected NanoModule(int order, List<ConfigKey> keys, Map<Role, Class<?>> roles) {
    this.order = order;
    this.keys = List.copyOf(keys);
    this.roles = Map.copyOf(roles);
  }

  public final int order() {
    return order;
  }

  public final List<ConfigKey> keys() {
    return keys;
  }

  public final Map<Role, Class<?>> roles() {
    return roles;
  }
}
