package io.nanoedge.shell;

import io.vertx.core.buffer.Buffer;

/**
 * Measures what a terminal sends, in the telnet byte stream: the line being typed (the data bytes since the last line
 * end) and each option's subnegotiation ({@code IAC SB ... IAC SE}), which termd collects into an array it grows by
 * 100 bytes at a time, copying it whole each time, without an end.
 */
final class InputMeter {
  /** Longest subnegotiation: a window size takes 4 bytes, a terminal type a few dozen. */
  static final int MAX_SUBNEGOTIATION_BYTES = 256;
  private static final int IAC = 0xFF;
  private static final int SB = 0xFA;
  private static final int SE = 0xF0;
  private static final int WILL = 0xFB;
  private static final int DONT = 0xFE;

  private enum State { DATA, COMMAND, OPTION, SUBNEGOTIATION, SUBNEGOTIATION_IAC }

  private final int maxLine;
  private State state = State.DATA;
  private int line;
  private int subnegotiation;

  InputMeter(int maxLine) {
    this.maxLine = maxLine;
  }

  /** Adds what was received; returns what is too long in it, or null. */
  String add(Buffer data) {
    for (int i = 0; i < data.length(); i++) {
      int b = data.getByte(i) & 0xFF;
      switch (state) {
        case DATA -> {
          if (b == IAC) {
            state = State.COMMAND;
          } else {
            line = b == '\r' || b == '\n' ? 0 : line + 1;
          }
        }
        case COMMAND -> {
          // IAC IAC is a data byte 255
          line += b == IAC ? 1 : 0;
          subnegotiation = 0;
          state = b == SB ? State.SUBNEGOTIATION : b >= WILL && b <= DONT ? State.OPTION : State.DATA;
        }
        case OPTION -> state = State.DATA;
        case SUBNEGOTIATION -> {
          subnegotiation++;
          state = b == IAC ? State.SUBNEGOTIATION_IAC : State.SUBNEGOTIATION;
        }
        case SUBNEGOTIATION_IAC -> state = b == SE ? State.DATA : State.SUBNEGOTIATION;
        default -> throw new IllegalStateException(state.name());
      }
      if (line > maxLine) {
        return "a line longer than " + maxLine + " bytes is more than the line editor holds";
      }
      if (subnegotiation > MAX_SUBNEGOTIATION_BYTES) {
        return "a telnet subnegotiation longer than " + MAX_SUBNEGOTIATION_BYTES + " bytes is not a terminal's";
      }
    }
    return null;
  }
}
