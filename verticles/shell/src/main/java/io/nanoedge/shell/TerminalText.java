package io.nanoedge.shell;

/**
 * Text for the operator's terminal. Values come from the network (a location, a guest's name, a reason from the
 * API): an escape sequence in one could rewrite the screen, retitle the window or forge a line, so every control
 * character and invisible format character (bidirectional overrides) is printed as an escape ({@code \x1b},
 * {@code \u202e}) instead of being sent to the terminal.
 */
final class TerminalText {
  private TerminalText() {
  }

  /** One value in a table cell or a line: nothing in it may break the line either. */
  static String value(Object value) {
    return escape(value == null ? "" : String.valueOf(value), false);
  }

  /** A whole output: the shell's own line breaks and tabs stay, every other control character is escaped. */
  static String output(String text) {
    return escape(text, true);
  }

  private static String escape(String text, boolean keepLines) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean keep = !unsafe(c) || keepLines && (c == '\n' || c == '\t');
      if (keep) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
    }
    return out == null ? text : out.toString();
  }

  private static boolean unsafe(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
