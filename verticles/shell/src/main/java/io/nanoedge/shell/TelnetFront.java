package io.nanoedge.shell;

import io.termd.core.readline.Keymap;
import io.termd.core.readline.Readline;
import io.termd.core.telnet.TelnetHandler;
import io.termd.core.telnet.TelnetTtyConnection;
import io.termd.core.tty.TtyConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.shell.term.SignalHandler;
import io.vertx.ext.shell.term.TelnetTermOptions;
import io.vertx.ext.shell.term.Term;
import io.vertx.ext.shell.term.TermServer;
import io.vertx.ext.shell.term.impl.Helper;
import io.vertx.ext.shell.term.impl.TermImpl;
import io.vertx.ext.shell.term.impl.VertxTelnetConnection;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell's telnet server. It does what Vert.x Shell's own ({@code TermServer.createTelnetTermServer}) does, termd's
 * telnet and line editor behind a {@link NetServer}, plus the limits that one lacks and has no hook for:
 * <ul>
 * <li>at most {@code maxSessions} connections: one more is told so and closed as it is accepted, before termd, a line
 * editor or a shell session is made for it;</li>
 * <li>a connection that sends nothing for {@code idleTimeout} is told so and closed (a connection that never finished
 * the telnet negotiation has no session for Vert.x's session timeout to end, and that one closes without a word);
 * the server's own idle timeout closes it anyway if the terminal reads nothing, so the goodbye cannot be sent;</li>
 * <li>a line longer than termd's line editor holds ends the session with a message: beyond 1000 characters the editor
 * throws and the session would hang for good. So does a telnet subnegotiation longer than a terminal sends (termd
 * would collect it without end, copying it whole for every 100 bytes), and any failure inside termd (with an error
 * id);</li>
 * <li>termd keeps whatever it has not taken yet: every byte before the telnet negotiation is done (a client that does
 * not negotiate is closed after {@value #MAX_LINE_BYTES} bytes) and every key typed ahead of a running command
 * (beyond {@value #MAX_WAITING_BYTES} bytes the socket is not read until termd has taken them);</li>
 * <li>while the terminal leaves written output unread (the write queue is full), its input is not read: input is
 * what makes output, so a client that types and never reads cannot pile output up in the node;</li>
 * <li>the line editor's history keeps the newest {@value #HISTORY} lines (termd keeps every line of a session);</li>
 * <li>a Ctrl-C or Ctrl-Z with no command running and no prompt yet is ignored (Vert.x Shell's handlers fail on
 * it).</li>
 * </ul>
 */
final class TelnetFront implements TermServer {
  /** Bytes a line may have: termd's line buffer holds 1000 characters, the prompt and cursor keys included. */
  static final int MAX_LINE_BYTES = 900;
  /** Bytes typed ahead of a running command that termd may hold before the socket is no longer read. */
  static final int MAX_WAITING_BYTES = 4096;
  /** How long a closing connection's input is still read (and dropped) after the goodbye was written. */
  static final long GOODBYE_MS = 250;
  /** Lines the up arrow can bring back. */
  static final int HISTORY = 100;
  private static final Logger LOG = LoggerFactory.getLogger(TelnetFront.class);

  private final Vertx vertx;
  private final TelnetTermOptions options;
  private final Duration idleTimeout;
  private final int maxSessions;
  private final AtomicInteger open = new AtomicInteger();
  private Handler<Term> termHandler;
  private NetServer server;
  private Keymap keymap;
  private Field readlineField;

  TelnetFront(Vertx vertx, TelnetTermOptions options, Duration idleTimeout, int maxSessions) {
    this.vertx = vertx;
    this.options = new TelnetTermOptions(options);
    // The server's own idle timeout is the hard stop (it closes without flushing what the terminal left unread); a
    // second later than ours, so that a terminal that reads is told why.
    this.options.setIdleTimeout((int) idleTimeout.plusSeconds(1).toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    this.idleTimeout = idleTimeout;
    this.maxSessions = maxSessions;
  }

  @Override
  public TermServer termHandler(Handler<Term> handler) {
    this.termHandler = handler;
    return this;
  }

  @Override
  public TermServer authenticationProvider(AuthenticationProvider provider) {
    throw new UnsupportedOperationException("telnet authenticates nobody: the shell listens on loopback instead");
  }

  @Override
  public Future<Void> listen() {
    if (server != null) {
      return Future.failedFuture("the shell's telnet server is already listening");
    }
    try {
      // termd keeps every line a session types in its Readline's history; Vert.x Shell reaches that Readline only
      // through this private field. Looked up here so that a Vert.x Shell without it stops the shell at start.
      readlineField = TermImpl.class.getDeclaredField("readline");
      readlineField.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Future.failedFuture(new IllegalStateException("this Vert.x Shell keeps no termd Readline in "
          + "TermImpl.readline, so the shell cannot bound a session's history", e));
    }
    keymap = Helper.defaultKeymap();
    server = vertx.createNetServer(options).connectHandler(this::accept);
    return server.listen().mapEmpty();
  }

  @Override
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<Void> close() {
    if (server == null) {
      return Future.succeededFuture();
    }
    NetServer closing = server;
    server = null;
    return closing.close();
  }

  private void accept(NetSocket socket) {
    if (open.incrementAndGet() > maxSessions) {
      open.decrementAndGet();
      goodbye(socket, "nanoedge shell: " + maxSessions + " sessions are open, as many as shell.max-sessions allows; "
          + "try again later\r\n");
      return;
    }
    // termd opens the session through the handler given to its connection, which itself needs that connection.
    AtomicReference<Connection> self = new AtomicReference<>();
    Connection connection = new Connection(new TelnetTtyConnection(options.getInBinary(), options.getOutBinary(),
        Charset.forName(options.getCharset()), tty -> self.get().open(tty)), Vertx.currentContext(), socket);
    self.set(connection);
    socket.closeHandler(v -> {
      open.decrementAndGet();
      connection.closed();
    });
    connection.start();
  }

  /**
   * Says why and closes. What the client sends meanwhile is read and dropped: a close with input left unread is a
   * reset, and a reset can make the client drop the goodbye unread. Then reading stops and the connection is closed
   * (if the client reads nothing, the server's idle timeout ends it).
   */
  private void goodbye(NetSocket socket, String why) {
    socket.handler(ignored -> { });
    socket.resume();
    socket.write(why);
    vertx.setTimer(GOODBYE_MS, id -> {
      socket.pause();
      socket.close();
    });
  }

  /**
   * One telnet connection: termd's, with every call into termd guarded, the input counted (per line, before the
   * session opens, and while termd has not taken it yet), the idle time watched, and reading paused while the
   * terminal leaves output unread.
   */
  private final class Connection extends VertxTelnetConnection {
    private final NetSocket socket;
    private final InputMeter meter = new InputMeter(MAX_LINE_BYTES);
    private Readline readline;
    private long lastInput = System.nanoTime();
    private int waitingBytes;
    private long idleTimer = -1;
    private boolean closing;

    Connection(TelnetHandler handler, Context context, NetSocket socket) {
      super(handler, context, socket);
      this.socket = socket;
    }

    void start() {
      socket.handler(this::input);
      socket.drainHandler(v -> resumeIfTaken());
      watchIdle(idleTimeout.toMillis());
      guarded(this::onInit);
    }

    /** The telnet negotiation is done: a terminal for the shell server, with a bounded history. */
    private void open(TtyConnection tty) {
      TermImpl term = new TermImpl(vertx, keymap, tty) {
        @Override
        public TermImpl interruptHandler(SignalHandler handler) {
          return super.interruptHandler(toForegroundJob(handler));
        }

        @Override
        public TermImpl suspendHandler(SignalHandler handler) {
          return super.suspendHandler(toForegroundJob(handler));
        }
      };
      try {
        readline = (Readline) readlineField.get(term);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot bound the shell session's history", e);
      }
      readline.setHistory(new BoundedHistory(HISTORY));
      waitingBytes = 0;
      termHandler.handle(term);
    }

    /**
     * Vert.x Shell's Ctrl-C and Ctrl-Z handlers act on the foreground job and fail when there is none, or when its
     * command has just ended: a key typed between a command's end and the next prompt. There is nothing to interrupt
     * or suspend then.
     */
    private SignalHandler toForegroundJob(SignalHandler handler) {
      return handler == null ? null : key -> {
        try {
          return handler.deliver(key);
        } catch (NullPointerException | IllegalStateException noJobRunning) {
          return true;
        }
      };
    }

    private void input(Buffer data) {
      lastInput = System.nanoTime();
      waitingBytes += data.length();
      if (readline == null && waitingBytes > MAX_LINE_BYTES) {
        // Until the negotiation is done termd keeps all input; a terminal has answered long before this.
        closeWith("this is telnet, and the terminal sent " + waitingBytes + " bytes without answering its "
            + "negotiation (use telnet or `nanoedge shell`)");
        return;
      }
      String tooLong = meter.add(data);
      if (tooLong != null) {
        closeWith(tooLong);
        return;
      }
      guarded(() -> receive(data.getBytes()));
      if (closing) {
        return;
      }
      if (readline != null && !readline.hasEvent()) {
        waitingBytes = 0;
      } else if (waitingBytes > MAX_WAITING_BYTES) {
        // Typed ahead of a running command, termd queues the keys without limit: read on once it has taken them.
        socket.pause();
      }
    }

    private void resumeIfTaken() {
      if (readline != null && !readline.hasEvent()) {
        waitingBytes = 0;
      }
      if (waitingBytes <= MAX_WAITING_BYTES && !socket.writeQueueFull() && !closing) {
        socket.resume();
      }
    }

    private void watchIdle(long delayMs) {
      idleTimer = vertx.setTimer(Math.max(1, delayMs), id -> {
        long quietMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastInput);
        if (quietMs >= idleTimeout.toMillis()) {
          closeWith("nothing was typed for " + idleTimeout.toSeconds() + " s (shell.idle-timeout-s)");
        } else {
          watchIdle(idleTimeout.toMillis() - quietMs);
        }
      });
    }

    @Override
    protected void send(byte[] data) {
      super.send(data);
      if (socket.writeQueueFull()) {
        // Input is what makes output: none is read until the terminal has read what it was sent.
        socket.pause();
      }
    }

    @Override
    protected void execute(Runnable task) {
      super.execute(() -> {
        guarded(task);
        resumeIfTaken();
      });
    }

    @Override
    protected void schedule(Runnable task, long delay, TimeUnit unit) {
      super.schedule(() -> guarded(task), delay, unit);
    }

    private void guarded(Runnable termd) {
      if (closing) {
        return;
      }
      try {
        termd.run();
      } catch (RuntimeException e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("error {} in the shell's terminal of {}: closing it", id, socket.remoteAddress(), e);
        closeWith("this session failed (error " + id + " in the node's log)");
      }
    }

    private void closeWith(String reason) {
      if (closing) {
        return;
      }
      closing = true;
      goodbye(socket, "\r\nnanoedge shell: " + reason + "; the session is closed\r\n");
    }

    void closed() {
      closing = true;
      vertx.cancelTimer(idleTimer);
      onClose();
    }
  }

  /** termd's history list, keeping the newest {@code max} lines (termd adds each line at the front). */
  static final class BoundedHistory extends ArrayList<int[]> {
    private static final long serialVersionUID = 1L;
    private final int max;

    BoundedHistory(int max) {
      this.max = max;
    }

    @Override
    public void add(int index, int[] line) {
      super.add(index, line);
      trim();
    }

    @Override
    public boolean add(int[] line) {
      super.add(line);
      trim();
      return true;
    }

    private void trim() {
      while (size() > max) {
        remove(size() - 1);
      }
    }
  }
}
