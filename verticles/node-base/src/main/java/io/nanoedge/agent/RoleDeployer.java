package io.nanoedge.agent;

import io.nanoedge.config.Role;
import io.nanoedge.health.Readiness;
import io.nanoedge.health.RoleVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Deploys a role's verticle by class name, the one way a node starts a role (at start and at run time), so a
 * node needs no service module to compile and each role verticle gets the node's {@link Readiness}.
 */
public final class RoleDeployer {
  private final Vertx vertx;
  private final Readiness readiness;
  private final Function<Role, String> verticleClass;

  public RoleDeployer(Vertx vertx, Readiness readiness) {
    this(vertx, readiness, Role::verticleClass);
  }

  /** @param verticleClass the verticle class of a role ({@link Role#verticleClass()} outside tests) */
  public RoleDeployer(Vertx vertx, Readiness readiness, Function<Role, String> verticleClass) {
    this.vertx = vertx;
    this.readiness = readiness;
    this.verticleClass = verticleClass;
  }

  public String verticleClass(Role role) {
    return verticleClass.apply(role);
  }

  /** Whether this build holds the role's verticle. */
  public boolean loadable(Role role) {
    String name = verticleClass(role);
    if (name == null) {
      return false;
    }
    try {
      Class.forName(name, false, RoleDeployer.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Deploys one instance of the role's verticle with {@code config} as its deployment config. */
  public Future<String> deploy(Role role, JsonObject config) {
    String name = verticleClass(role);
    return vertx.deployVerticle(() -> create(name), new DeploymentOptions().setConfig(config));
  }

  private Deployable create(String name) {
    try {
      Object instance = Class.forName(name).getDeclaredConstructor().newInstance();
      if (instance instanceof RoleVerticle role) {
        role.readiness(readiness);
      }
      return (Deployable) instance;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + name + ": " + e, e);
    }
  }
}
