package io.nanoedge.shell;

import io.vertx.core.Vertx;
import io.vertx.ext.shell.command.Command;
import io.vertx.ext.shell.command.CommandBuilder;
import io.vertx.ext.shell.command.CommandResolver;
import java.util.List;
import java.util.Set;

/**
 * The Vert.x Shell built-ins an operator keeps: read-only ones only. Left out, and why: {@code verticle-undeploy}
 * and {@code verticle-deploy} (they stop the API without the backup {@code service undeploy api} guarantees, or
 * start any class), {@code bus-send}, {@code bus-publish} (any command to any address, past every check) and
 * {@code bus-tail} (reads personal data off the bus), the file-system commands ({@code ls /} walks the whole
 * tree on the event loop and wedges the session) and the local-map commands (raw shared state). Any other name is
 * answered "command not found" in plain words ({@link #unknownCommands}).
 */
final class OperatorCommands {
  /** help, echo, the deployed verticles and the servers listening: nothing that changes or reads private state. */
  static final Set<String> SAFE_BUILT_INS = Set.of("help", "echo", "verticle-ls", "net-ls");
  /** What every session has from the shell server itself: leaving, and job control. */
  static final Set<String> SESSION_BUILT_INS = Set.of("exit", "logout", "jobs", "fg", "bg");

  private OperatorCommands() {
  }

  static CommandResolver safeBuiltIns(Vertx vertx) {
    List<Command> safe = CommandResolver.baseCommands(vertx).commands().stream()
        .filter(command -> SAFE_BUILT_INS.contains(command.name())).toList();
    return () -> safe;
  }

  /**
   * Answers a name that no command has with "command not found" (Vert.x Shell's own answer starts with the Java
   * exception's class name). The shell server asks its resolvers newest first and its session built-ins last: this
   * one, registered first, is asked after every other but before those, whose names it leaves to them.
   */
  static CommandResolver unknownCommands(Vertx vertx) {
    return new CommandResolver() {
      @Override
      public List<Command> commands() {
        return List.of();
      }

      @Override
      public Command getCommand(String name) {
        return SESSION_BUILT_INS.contains(name) ? null : notFound(vertx, name);
      }
    };
  }

  private static Command notFound(Vertx vertx, String name) {
    String problem = name.isEmpty() ? "an empty command name" : TerminalText.value(name) + ": command not found";
    return CommandBuilder.command(name).processHandler(process -> NanoCommands.end(process,
        problem + " (`help` lists the commands)\n", 127)).build(vertx);
  }
}
