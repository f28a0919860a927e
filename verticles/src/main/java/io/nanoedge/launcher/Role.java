package io.nanoedge.launcher;

import io.nanoedge.config.ConfigException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A role is a set of verticles deployed by class name, so a node loads only the code of the roles it runs.
 * The order of the constants is the deployment order (storage first, devices last).
 */
public enum Role {
  API("io.nanoedge.api.ApiVerticle"),
  CONTROLLER("io.nanoedge.controller.MainControllerVerticle"),
  PRESENCE("io.nanoedge.device.presence.PresenceVerticle"),
  BLE("io.nanoedge.device.ble.BleScannerVerticle"),
  LED("io.nanoedge.device.led.LedGuidanceVerticle"),
  ROOM("io.nanoedge.device.room.MeetingRoomVerticle"),
  COAP("io.nanoedge.device.coap.SeedCoapVerticle"),
  SHELL("io.nanoedge.shell.ShellVerticle"),
  /** Only the ops endpoints and cluster membership: a node that holds state backups, or a probe. */
  OPS(null);

  private final String verticleClass;

  Role(String verticleClass) {
    this.verticleClass = verticleClass;
  }

  public String verticleClass() {
    return verticleClass;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this build contains the role's verticle (roles land issue by issue). */
  public boolean available() {
    if (verticleClass == null) {
      return true;
    }
    try {
      Class.forName(verticleClass, false, Role.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Parses {@code api,controller} or {@code all}; {@code all} means every role this build contains. */
  public static List<Role> parse(List<String> names) {
    if (names.isEmpty()) {
      throw new ConfigException("configuration key 'roles' is empty: give --roles <r1,r2,…|all>");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.equals("all")) {
        for (Role r : values()) {
          if (r.available() && r.verticleClass != null) {
            roles.add(r);
          }
        }
        continue;
      }
      Role role;
      try {
        role = Role.valueOf(n.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("configuration key 'roles': unknown role '" + name
            + "' (known: api, controller, presence, ble, led, room, coap, shell, ops, all)");
      }
      if (!role.available()) {
        throw new ConfigException("configuration key 'roles': role '" + n + "' is not available yet in this build");
      }
      roles.add(role);
    }
    return new ArrayList<>(roles);
  }
}
