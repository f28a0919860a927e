package io.nanoedge.config;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.NanoException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A role is a verticle deployed by class name, so a node loads only the code of the roles it runs; the module
 * that serves a role names its class ({@link NanoModule#roles()}). The order of the constants is the deployment
 * order (storage first, devices last).
 */
public enum Role {
  API, CONTROLLER, PRESENCE, BLE, LED, ROOM, COAP, SHELL,
  /** Only the ops endpoints and cluster membership: a node that holds state backups, or a probe. */
  OPS;

  /** The class of the role's verticle, from the module that serves it; null for ops or a role not in this build. */
  public String verticleClass() {
    return Modules.verticleClass(this).orElse(null);
  }

  /** Something a role needs served somewhere in the cluster: a bus address, and who serves it (for people). */
  public record Need(String address, String what) {
  }

  /** Served by the API nodes. */
  static final Need API_NEED = new Need(Addresses.AUTHENTICATE.address(), "the API");
  /** Served only by the controller that holds the lead. */
  static final Need LEADER_NEED = new Need(Addresses.DETECT.address(), "a leading controller");

  /**
   * What a node running this role must see served in the cluster before it can do its job (its readiness): a
   * controller needs the API; the entrance's roles (presence, ble), the room and the CoAP gateway a leading controller
   * and the API; an LED node a leading controller.
   *
   * <p>The entrance needs the API too, not only the leader: a visit it opens is authenticated by the API, and a
   * leader runs without one (ReadinessByRoleIT: with the leader alone the entrance said ready before any API node
   * had started, and the visit played then was stored NOT AUTHENTICATED). An LED node only guides journeys, which
   * exist only once the API has authenticated someone, so the leader is all it waits for.
   */
  public List<Need> needs() {
    return switch (this) {
      case CONTROLLER -> List.of(API_NEED);
      case LED -> List.of(LEADER_NEED);
      case PRESENCE, BLE, ROOM, COAP -> List.of(LEADER_NEED, API_NEED);
      case API, SHELL, OPS -> List.of();
    };
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this build can run the role: ops always, every other role when a module on the class path serves it. */
  public boolean available() {
    return this == OPS || Modules.verticleClass(this).isPresent();
  }

  /** One concrete role by name, for deploy and undeploy (not {@code all}); a 400 naming the known ones. */
  public static Role named(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Role r : values()) {
      if (r.id().equals(n)) {
        return r;
      }
    }
    throw NanoException.badRequest("unknown role '" + name + "' (known: api, controller, presence, ble, led, room, "
        + "coap, shell)");
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
          if (r != OPS && r.available()) {
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
