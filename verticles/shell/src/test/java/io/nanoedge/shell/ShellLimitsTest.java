package io.nanoedge.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.nanoedge.launcher.Node;
import io.nanoedge.ops.NodeBaseKeys;
import io.nanoedge.shellclient.ShellClient;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The telnet front's limits over real TCP connections (issue 11): the idle timeout, the session cap, the longest
 * line, a client that never negotiates, and the bounded history. Two nodes with a shell each: one with a 2 s idle
 * timeout, one with room for 2 sessions (and an idle timeout long enough not to interfere).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShellLimitsTest {
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static Node idleNode;
  private static Node cappedNode;
  private static int idlePort;
  private static int cappedPort;

  @BeforeAll
  static void startNodes() {
    idlePort = Ports.freeTcp();
    cappedPort = Ports.freeTcp();
    idleNode = Eventually.await(Node.start(node("idle-node", idlePort)
        .with(ShellKeys.SHELL_IDLE_TIMEOUT_S, String.valueOf(IDLE.toSeconds())), List.of(Role.SHELL)));
    cappedNode = Eventually.await(Node.start(node("capped-node", cappedPort)
        .with(ShellKeys.SHELL_MAX_SESSIONS, "2"), List.of(Role.SHELL)));
  }

  private static NanoConfig node(String id, int shellPort) {
    return NanoConfig.defaults().with(Keys.NODE_ID, id).with(ShellKeys.SHELL_PORT, String.valueOf(shellPort))
        .with(NodeBaseKeys.OPS_HOST, "127.0.0.1").with(NodeBaseKeys.OPS_PORT, "0");
  }

  @AfterAll
  static void stop() {
    for (Node node : new Node[] {idleNode, cappedNode}) {
      if (node != null) {
        Eventually.await(node.stop());
      }
    }
  }

  private static ShellClient session(int port) throws IOException {
    ShellClient shell = ShellClient.connect("127.0.0.1", port);
    shell.awaitPrompt();
    return shell;
  }

  /** Reads what a raw connection gets until the server closes it; fails if that takes longer than {@code within}. */
  private static byte[] readUntilClosed(Socket socket, Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    try {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        got.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + within.toMillis() + " ms; received: "
          + got.toString(StandardCharsets.ISO_8859_1));
    }
    return got.toByteArray();
  }

  private static Socket raw(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return socket;
  }

  @Test
  void aSessionWithNothingTypedIsToldAndClosedAfterTheIdleTimeout() throws Exception {
    try (ShellClient shell = session(idlePort)) {
      long start = System.nanoTime();
      // WHEN the operator types nothing
      String goodbye = shell.awaitClose(Duration.ofSeconds(15));
      Duration after = Duration.ofNanos(System.nanoTime() - start);
      // THEN the session is closed once the idle timeout has passed, saying why and naming the key
      assertThat(goodbye).contains("nanoedge shell: nothing was typed for 2 s (shell.idle-timeout-s); "
          + "the session is closed");
      assertThat(after).isBetween(IDLE.minusMillis(200), IDLE.plusSeconds(3));
    }
  }

  @Test
  void theIdleTimeoutCountsFromTheLastKeyTyped() throws Exception {
    try (ShellClient shell = session(idlePort)) {
      long start = System.nanoTime();
      // GIVEN a session that types a command when most of the idle time has passed (the passing time is the
      // behaviour under test: nothing to wait for but the clock)
      LockSupport.parkNanos(IDLE.toNanos() * 3 / 4);
      long typed = System.nanoTime();
      assertThat(shell.command("nodes x")).contains("nodes: unexpected argument 'x'");
      // WHEN it then types nothing
      shell.awaitClose(Duration.ofSeconds(15));
      // THEN it is closed an idle timeout after that command, not after the connection opened
      assertThat(Duration.ofNanos(System.nanoTime() - typed)).isGreaterThanOrEqualTo(IDLE.minusMillis(200));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(IDLE.plus(IDLE.dividedBy(2)));
    }
  }

  @Test
  void aConnectionThatNeverNegotiatesIsClosedAfterTheIdleTimeout() throws Exception {
    try (Socket socket = raw(idlePort)) {
      long start = System.nanoTime();
      // WHEN a client connects and answers nothing, not even the telnet negotiation
      String got = new String(readUntilClosed(socket, Duration.ofSeconds(15)), StandardCharsets.ISO_8859_1);
      // THEN it is closed after the idle timeout all the same
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(IDLE.minusMillis(200), IDLE.plusSeconds(3));
      assertThat(got).contains("nothing was typed for 2 s");
    }
  }

  @Test
  void aClientThatSendsWithoutNegotiatingIsClosedBeforeTermdKeepsMuch() throws Exception {
    try (Socket socket = raw(cappedPort)) {
      // WHEN a client that is not a telnet terminal sends a few kilobytes without answering the negotiation
      socket.getOutputStream().write("GET / HTTP/1.1\r\n".repeat(200).getBytes(StandardCharsets.US_ASCII));
      // THEN it is closed at once, told what the port expects
      String got = new String(readUntilClosed(socket, Duration.ofSeconds(5)), StandardCharsets.ISO_8859_1);
      assertThat(got).contains("without answering its negotiation (use telnet or `nanoedge shell`); "
          + "the session is closed");
    }
    // AND the shell still serves a terminal
    try (ShellClient shell = session(cappedPort)) {
      assertThat(shell.command("nodes x")).contains("nodes: unexpected argument 'x'");
    }
  }

  @Test
  void connectionsBeyondTheCapAreRefusedAtOnceWithoutASession() throws Exception {
    // GIVEN the 2 sessions shell.max-sessions allows, open
    try (ShellClient first = session(cappedPort); ShellClient second = session(cappedPort)) {
      // WHEN a third connection comes
      try (Socket third = raw(cappedPort)) {
        byte[] got = readUntilClosed(third, Duration.ofSeconds(5));
        // THEN it gets one line saying why and is closed: no telnet negotiation (no termd, no line editor, no
        // session was made for it)
        assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("nanoedge shell: 2 sessions are open, as many "
            + "as shell.max-sessions allows; try again later\r\n");
      }
      // AND the sessions already open work on
      assertThat(first.command("nodes x")).contains("nodes: unexpected argument 'x'");
      // WHEN one of them leaves
      second.close();
    }
    // THEN a new terminal gets a session again (once the server has seen the others close)
    Eventually.until("a new session is opened", () -> {
      try (ShellClient shell = ShellClient.connect("127.0.0.1", cappedPort)) {
        shell.awaitPrompt();
        return true;
      } catch (IOException | IllegalStateException e) {
        return false;
      }
    }, Duration.ofSeconds(10));
  }

  @Test
  void aLineLongerThanTheLineEditorHoldsEndsTheSessionWithAMessage() throws Exception {
    try (ShellClient shell = session(cappedPort)) {
      // GIVEN a line just within the limit: answered like any other
      String longest = "visit " + "a".repeat(TelnetFront.MAX_LINE_BYTES - 6);
      assertThat(shell.command(longest)).contains("<visit-id> must be 1 to 64 letters");
      // WHEN a longer one is typed (termd's line editor would throw past 1000 characters and hang the session)
      shell.type("visit " + "a".repeat(TelnetFront.MAX_LINE_BYTES) + "\r");
      // THEN the session is closed, saying why
      assertThat(shell.awaitClose(Duration.ofSeconds(10))).contains("nanoedge shell: a line longer than 900 bytes is "
          + "more than the line editor holds; the session is closed");
    }
    // AND the shell serves the next terminal
    try (ShellClient shell = session(cappedPort)) {
      assertThat(shell.command("nodes x")).contains("nodes: unexpected argument 'x'");
    }
  }

  @Test
  void theHistoryKeepsTheNewestLinesOnly() throws Exception {
    try (ShellClient shell = session(cappedPort)) {
      // GIVEN one line more than the history keeps
      for (int i = 1; i <= TelnetFront.HISTORY + 1; i++) {
        assertThat(shell.command("echo line-" + i)).contains("line-" + i);
      }
      // WHEN the operator goes up past the oldest line and runs it
      shell.type("\u001b[A".repeat(TelnetFront.HISTORY + 5) + "\r");
      String out = shell.await("\n" + ShellClient.PROMPT, Duration.ofSeconds(10));
      // THEN the oldest line kept is the second: the first was let go
      assertThat(out.lines().filter(l -> l.startsWith("line-")).toList()).containsExactly("line-2");
    }
  }

  @Test
  void anUnknownCommandIsNamedWithoutJavaInTheAnswer() throws Exception {
    try (ShellClient shell = session(cappedPort)) {
      assertThat(shell.command("xvisit v-17")).isEqualTo("xvisit: command not found (`help` lists the commands)\n");
      assertThat(shell.command("'' x")).isEqualTo("an empty command name (`help` lists the commands)\n");
      // the session's own built-ins are still there
      assertThat(shell.command("jobs")).isEmpty();
      assertThatThrownBy(() -> shell.command("exit")).hasMessageContaining("the shell closed the connection");
    }
  }
}
