package io.nanoedge.config;

import java.util.List;
import java.util.Map;

/**
 * What one module adds to a node: its configuration keys and the verticles of the roles it serves. Each module
 * names its implementation in {@code META-INF/services/io.nanoedge.config.NanoModule}; {@link Modules} collects
 * every one on the class path, so the contract need not know any role's keys or classes.
 */
public interface NanoModule {
  /** Where this module's keys stand in the configuration table ({@code config-doc}): lower first. */
  int order();

  /** This module's configuration keys, in the order the table lists them. */
  List<ConfigKey> keys();

  /** The verticle class of each role this module serves (none for a library module). */
  default Map<Role, Class<?>> roles() {
    return Map.of();
  }
}
