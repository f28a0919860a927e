package io.nanoedge.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** What the telnet front counts in a terminal's byte stream: typed bytes per line, not telnet's own. */
class InputMeterTest {
  private static final int IAC = 0xFF;

  private static Buffer bytes(int... values) {
    Buffer buffer = Buffer.buffer();
    for (int v : values) {
      buffer.appendByte((byte) v);
    }
    return buffer;
  }

  @Test
  void aLineIsCountedUntilItsEndAndTheNextStartsAtZero() {
    InputMeter meter = new InputMeter(10);
    assertThat(meter.add(Buffer.buffer("0123456789\r"))).isNull();
    assertThat(meter.add(Buffer.buffer("0123456789\n0123"))).isNull();
    assertThat(meter.add(Buffer.buffer("456789"))).isNull();
    assertThat(meter.add(Buffer.buffer("x"))).isEqualTo("a line longer than 10 bytes is more than the line editor "
        + "holds");
  }

  @Test
  void telnetNegotiationIsNotPartOfTheLine() {
    InputMeter meter = new InputMeter(4);
    // WILL NAWS, the window size (with a 13 in it, which is no line end), DO ECHO, a terminal type: then 4 bytes typed
    Buffer negotiation = bytes(IAC, 0xFB, 31, IAC, 0xFA, 31, 0, 160, 0, 13, IAC, 0xF0, IAC, 0xFD, 1)
        .appendBuffer(bytes(IAC, 0xFA, 24, 0)).appendString("xterm-256color").appendBuffer(bytes(IAC, 0xF0));
    assertThat(meter.add(negotiation.appendString("abcd"))).isNull();
    // an escaped 255 is a byte typed
    assertThat(meter.add(bytes(IAC, IAC))).isEqualTo("a line longer than 4 bytes is more than the line editor holds");
  }

  @Test
  void aSubnegotiationLongerThanATerminalSendsIsNamed() {
    InputMeter meter = new InputMeter(900);
    Buffer endless = bytes(IAC, 0xFA, 31).appendBuffer(Buffer.buffer(new byte[InputMeter.MAX_SUBNEGOTIATION_BYTES]));
    assertThat(meter.add(endless)).isEqualTo("a telnet subnegotiation longer than 256 bytes is not a terminal's");
  }
}
