package io.nanoedge.health;

import io.vertx.core.VerticleBase;
import java.util.Objects;

/**
 * The verticle of a role. The node that deploys it hands it the node's {@link Readiness} before it starts; one
 * deployed on its own (a unit test) reports to {@link Readiness#NONE} unless the test hands it one.
 */
public abstract class RoleVerticle extends VerticleBase {
  private Readiness readiness = Readiness.NONE;

  /** Called once, before deployment, by whoever deploys the role. */
  public final void readiness(Readiness readiness) {
    this.readiness = Objects.requireNonNull(readiness, "readiness");
  }

  protected final Readiness readiness() {
    return readiness;
  }
}
