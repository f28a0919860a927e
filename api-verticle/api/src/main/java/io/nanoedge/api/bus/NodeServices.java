package io.nanoedge.api.bus;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.ServiceCommand;
import io.nanoedge.config.Role;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;

/**
 * The HTTP admin side of {@code service deploy/undeploy}: forwards a checked command to the node agent of the
 * named node ({@link Addresses#NODE_SERVICE}) and passes its answer or failure code on, as the shell does.
 */
public final class NodeServices {
  private final EventBus bus;
  private final String ownNode;
  private final Duration wait;

  /**
   * @param ownNode the node this API runs on ({@code node.id})
   * @param wait how long a deploy or undeploy may take (service.timeout-ms plus the bus timeout)
   */
  public NodeServices(EventBus bus, String ownNode, Duration wait) {
    this.bus = bus;
    this.ownNode = ownNode;
    this.wait = wait;
  }

  /** Sends an already checked command to the agent of {@code node}. */
  public Future<ServiceCommand.Result> send(String node, ServiceCommand command) {
    if ("undeploy".equals(command.action()) && command.role() == Role.API && node.equals(ownNode)) {
      // The agent would undeploy the very API holding this request: the answer could never be sent.
      throw NanoException.conflict("undeploying the api that serves this request would cut it off; use the shell "
          + "(service undeploy api) or the API of another node");
    }
    return Bus.request(bus, Addresses.NODE_SERVICE.at(node), command, wait);
  }
}
