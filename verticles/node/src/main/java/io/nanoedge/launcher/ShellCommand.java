package io.nanoedge.launcher;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.Modules;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.shellclient.ShellClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code nanoedge shell [command…]}: the operator's shell of the node on this host, without a telnet client
 * ({@code docker exec -it <task> /opt/nanoedge/nanoedge shell}, the image's entry point). With a command it runs
 * that one and prints its output; without, it reads commands line by line until {@code exit} or the end of the
 * input.
 */
final class ShellCommand {
  private ShellCommand() {
  }

  static int run(String[] args, NanoConfig config, InputStream in, PrintStream out, PrintStream err) {
    String host = config.string(key("shell.host"));
    String target = host.equals("0.0.0.0") || host.isEmpty() ? "127.0.0.1" : host;
    int port = config.integer(key("shell.port"));
    String oneShot = String.join(" ", Arrays.copyOfRange(args, 1, args.length)).trim();
    try (ShellClient shell = ShellClient.connect(target, port)) {
      shell.awaitPrompt();
      if (!oneShot.isEmpty()) {
        out.print(shell.command(oneShot));
        return 0;
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      out.print(ShellClient.PROMPT);
      out.flush();
      String line;
      while ((line = lines.readLine()) != null && !line.trim().equals("exit")) {
        if (!line.isBlank()) {
          out.print(shell.command(line.trim()));
        }
        out.print(ShellClient.PROMPT);
        out.flush();
      }
      out.println();
      return 0;
    } catch (IOException | IllegalStateException e) {
      err.println("nanoedge: no shell answers on " + target + ":" + port + " (does this node run the shell role?): "
          + e.getMessage().lines().findFirst().orElse(""));
      return Main.EXIT_FAILED;
    }
  }

  /** The shell's keys belong to the shell module, which the launcher does not compile against. */
  private static ConfigKey key(String name) {
    return Modules.key(name).orElseThrow(() -> new ConfigException("the shell is not part of this build"));
  }
}
