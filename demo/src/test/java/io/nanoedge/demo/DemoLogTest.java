package io.nanoedge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoLogTest {
  private final ByteArrayOutputStream file = new ByteArrayOutputStream();
  private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(new DemoLog(file, new PrintStream(terminal, true,
      StandardCharsets.UTF_8)), true, StandardCharsets.UTF_8);

  @Test
  void infoLinesGoToTheFileOnly() {
    // WHEN a service logs at INFO
    err.println("02:36:09.020 [vert.x-eventloop-thread-1] INFO MainControllerVerticle - controller demo is the leader");
    // THEN the file has it and the terminal stays the scenario's
    assertThat(text(file)).contains("is the leader");
    assertThat(text(terminal)).isEmpty();
  }

  @Test
  void warningsAndTheirStackTracesReachTheTerminalToo() {
    // WHEN a warning with a stack trace follows an INFO line
    err.println("02:36:09.020 [main] INFO Foo - fine");
    err.println("02:36:09.021 [main] WARN Bar - the API is unavailable");
    err.println("java.lang.IllegalStateException: down");
    err.println("\tat io.nanoedge.Bar.run(Bar.java:1)");
    err.println("02:36:09.022 [main] INFO Foo - fine again");
    // THEN the terminal shows the warning and its trace, not the INFO lines; the file has everything
    assertThat(text(terminal)).isEqualTo("02:36:09.021 [main] WARN Bar - the API is unavailable\n"
        + "java.lang.IllegalStateException: down\n\tat io.nanoedge.Bar.run(Bar.java:1)\n");
    assertThat(text(file)).contains("fine\n", "unavailable", "Bar.java:1", "fine again");
  }

  @Test
  void textPrintedOnStderrDirectlyIsShown() {
    // WHEN something writes to stderr without the logger's format
    err.println("Exception in thread \"x\" java.lang.OutOfMemoryError");
    // THEN the user sees it
    assertThat(text(terminal)).contains("OutOfMemoryError");
  }

  private static String text(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8);
  }
}
