package io.nanoedge.launcher;

import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;

/**
 * A command of the launcher that lives in a module of its own (the demo), found with {@link java.util.ServiceLoader}
 * when that module is on the class path: the launcher needs it neither to compile nor in the image's jar.
 */
public interface LauncherCommand {
  /** The first word of the command line, e.g. {@code demo}. */
  String name();

  /** Runs the command; returns an exit code, or -1 when it started something that keeps running. */
  int run(String[] args, Map<String, String> env, Properties props, PrintStream out, PrintStream err);
}
