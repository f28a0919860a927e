package io.nanoedge.shell;

import io.vertx.core.Vertx;
import io.vertx.ext.shell.command.Command;
import io.vertx.ext.shell.command.CommandResolver;
import java.util.List;
import java.util.Set;

/**
 * The Vert.x Shell built-ins an operator keeps: read-only ones only. Left out, and why: {@code verticle-undeploy}
 * and {@code verticle-deploy} (they stop the API without the backup {@code service undeploy api} guarantees, or
 * start any class), {@code bus-send}, {@code bus-publish} (any command to any address, past every check) and
 * {@code bus-tail} (reads personal data off the bus), the file-system commands ({@code ls /} walks the whole
 * tree on the event loop and wedges the session) and the local-map commands (raw shared state).
 */
final class OperatorCommands {
  /** help, echo, the deployed verticles and the servers listening: nothing that changes or reads private state. */
  static final Set<String> SAFE_BUILT_INS = Set.of("help", "echo", "verticle-ls", "net-ls");

  private OperatorCommands() {
  }

  static CommandResolver safeBuiltIns(Vertx vertx) {
    List<Command> safe = CommandResolver.baseCommands(vertx).commands().stream()
        .filter(command -> SAFE_BUILT_INS.contains(command.name())).toList();
    return () -> safe;
  }
}
