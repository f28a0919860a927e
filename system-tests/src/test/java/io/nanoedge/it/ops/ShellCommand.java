package io.nanoedge.it.ops;

import io.nanoedge.shellclient.ShellClient;

/**
 * Runs one shell command over telnet and prints what it printed: {@code ShellCommand <port> <command…>}.
 * The multi-host test starts it inside a host's namespace, where the node's shell listens on loopback.
 */
public final class ShellCommand {
  private ShellCommand() {
  }

  public static void main(String[] args) throws Exception {
    try (ShellClient shell = ShellClient.connect("127.0.0.1", Integer.parseInt(args[0]))) {
      shell.awaitPrompt();
      System.out.print(shell.command(String.join(" ", java.util.Arrays.copyOfRange(args, 1, args.length))));
    }
  }
}
