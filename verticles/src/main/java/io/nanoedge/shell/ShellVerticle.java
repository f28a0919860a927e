package io.nanoedge.shell;

import io.nanoedge.bus.Addresses;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.ops.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.shell.ShellServer;
import io.vertx.ext.shell.ShellServerOptions;
import io.vertx.ext.shell.command.CommandRegistry;
import io.vertx.ext.shell.command.CommandResolver;
import io.vertx.ext.shell.term.TelnetTermOptions;
import io.vertx.ext.shell.term.TermServer;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code shell} role: a Vert.x Shell on telnet ({@code shell.host}:{@code shell.port}, loopback by
 * default) with the built-in commands plus nanoedge's own (see {@link NanoCommands}). Keeps the devices it
 * hears of, and makes sure this node has a {@link NodeAgentVerticle} so {@code nodes} and {@code service} see it.
 */
public class ShellVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ShellVerticle.class);
  private static final String READINESS = "shell";

  private ShellServer server;
  private TermServer telnet;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    String nodeId = config.string(Keys.NODE_ID);
    if (nodeId.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("configuration key 'node.id' is empty"));
    }
    DeviceDirectory devices = new DeviceDirectory();
    MessageConsumer<Object> seen = vertx.eventBus().consumer(Addresses.DEVICE_SEEN, message -> {
      if (message.body() instanceof JsonObject fact) {
        devices.seen(fact, Instant.now());
      }
    });
    ShellBus bus = new ShellBus(vertx.eventBus(), Duration.ofMillis(config.longValue(Keys.BUS_TIMEOUT_MS)));
    NanoCommands commands = new NanoCommands(vertx, nodeId, devices, bus,
        Duration.ofMillis(config.longValue(Keys.SERVICE_TIMEOUT_MS)));
    CommandRegistry registry = CommandRegistry.create(vertx);
    telnet = TermServer.createTelnetTermServer(vertx, new TelnetTermOptions()
        .setHost(config.string(Keys.SHELL_HOST)).setPort(config.integer(Keys.SHELL_PORT)));
    server = ShellServer.create(vertx, new ShellServerOptions().setWelcomeMessage(
            "nanoedge shell on node " + nodeId + " — `help` lists every command, `<command> --help` its usage\n\n"))
        .registerTermServer(telnet)
        .registerCommandResolver(CommandResolver.baseCommands(vertx))
        .registerCommandResolver(registry);
    return Future.join(seen.completion(), registry.registerCommands(commands.all()),
            NodeAgentVerticle.ensureDeployed(vertx, config()))
        .compose(v -> server.listen())
        .onSuccess(v -> {
          NodeHealth.readiness(vertx).register(READINESS, promise -> promise.complete(Status.OK()));
          // Devices that started before this shell announced themselves to nobody: ask again.
          vertx.eventBus().publish(Addresses.DEVICES_ANNOUNCE, new JsonObject());
          LOG.info("shell: telnet {} {}", config.string(Keys.SHELL_HOST), telnet.actualPort());
        });
  }

  /** The telnet port actually bound (useful when {@code shell.port} is 0). */
  public int port() {
    return telnet.actualPort();
  }

  @Override
  public Future<?> stop() {
    NodeHealth.readiness(vertx).unregister(READINESS);
    return server.close();
  }
}
