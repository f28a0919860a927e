package io.nanoedge.shell;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Empty;
import io.nanoedge.bus.OperatorBus;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.health.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.shell.ShellServer;
import io.vertx.ext.shell.ShellServerOptions;
import io.vertx.ext.shell.command.CommandRegistry;
import io.vertx.ext.shell.term.TelnetTermOptions;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code shell} role: a Vert.x Shell on telnet ({@code shell.host}:{@code shell.port}, loopback by
 * default, with the limits of {@link TelnetFront}) with nanoedge's own commands (see {@link NanoCommands}) and only
 * the read-only built-ins ({@link OperatorCommands}). Keeps the devices it
 * hears of; the node's agent (every node runs one) answers {@code nodes} and {@code service} for this node.
 */
public class ShellVerticle extends RoleVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(ShellVerticle.class);
  private static final String READINESS = "shell";

  private ShellServer server;
  private TelnetFront telnet;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    ShellSettings settings = ShellSettings.from(config);
    String nodeId = settings.nodeId();
    if (nodeId.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("configuration key 'node.id' is empty"));
    }
    DeviceDirectory devices = new DeviceDirectory();
    MessageConsumer<Object> seen = Bus.subscribe(vertx.eventBus(), Addresses.DEVICE_SEEN,
        fact -> devices.seen(fact, Instant.now()));
    OperatorBus bus = new OperatorBus(vertx.eventBus(), settings.busTimeout());
    NanoCommands commands = new NanoCommands(vertx, nodeId, devices, bus, settings.serviceTimeout(),
        settings.expectedMembers());
    CommandRegistry registry = CommandRegistry.create(vertx);
    telnet = new TelnetFront(vertx, new TelnetTermOptions().setHost(settings.host()).setPort(settings.port()),
        settings.idleTimeout(), settings.maxSessions());
    server = ShellServer.create(vertx, new ShellServerOptions().setWelcomeMessage(
            "nanoedge shell on node " + nodeId + " — `help` lists every command, `<command> --help` its usage\n\n")
            // The telnet front ends idle sessions (saying why); Vert.x's own timeout would end them without a word.
            .setSessionTimeout(Long.MAX_VALUE))
        .registerTermServer(telnet)
        .registerCommandResolver(OperatorCommands.unknownCommands(vertx))
        .registerCommandResolver(OperatorCommands.safeBuiltIns(vertx))
        .registerCommandResolver(registry);
    return Future.join(seen.completion(), registry.registerCommands(commands.all()))
        .compose(v -> server.listen())
        .onSuccess(v -> {
          readiness().register(READINESS, promise -> promise.complete(Status.OK()));
          // Devices that started before this shell announced themselves to nobody: ask again.
          Bus.publish(vertx.eventBus(), Addresses.DEVICES_ANNOUNCE, Empty.INSTANCE);
          LOG.info("shell: telnet {} {}", settings.host(), telnet.actualPort());
        });
  }

  /** The telnet port actually bound (useful when {@code shell.port} is 0). */
  public int port() {
    return telnet.actualPort();
  }

  @Override
  public Future<?> stop() {
    readiness().unregister(READINESS);
    return server.close();
  }
}
