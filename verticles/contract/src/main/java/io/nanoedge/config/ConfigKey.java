package io.nanoedge.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its dotted name, type, default and one line of documentation. Each module declares
 * its own and registers them ({@link NanoModule}); the README's configuration table is generated from
 * {@link Modules}. {@code target} is the key a secret file fills ({@code FILE}, {@code PASSWORD_FILE}).
 */
public record ConfigKey(String name, Type type, String defaultValue, String doc, long min, long max,
    List<String> choices, String target) {

  /** How a value is written and checked. */
  public enum Type { STRING, INT, PORT, BOOL, LIST, CHOICE, MYSQL_URL, FILE, PASSWORD_FILE }

  private static ConfigKey of(String name, Type type, String defaultValue, String doc) {
    return new ConfigKey(name, type, defaultValue, doc, 0, 0, List.of(), "");
  }

  public static ConfigKey string(String name, String defaultValue, String doc) {
    return of(name, Type.STRING, defaultValue, doc);
  }

  public static ConfigKey integer(String name, long defaultValue, long min, long max, String doc) {
    return new ConfigKey(name, Type.INT, Long.toString(defaultValue), doc, min, max, List.of(), "");
  }

  public static ConfigKey port(String name, int defaultValue, String doc) {
    return new ConfigKey(name, Type.PORT, Integer.toString(defaultValue), doc, 0, 65535, List.of(), "");
  }

  public static ConfigKey bool(String name, boolean defaultValue, String doc) {
    return of(name, Type.BOOL, Boolean.toString(defaultValue), doc);
  }

  public static ConfigKey list(String name, String defaultValue, String doc) {
    return of(name, Type.LIST, defaultValue, doc);
  }

  public static ConfigKey choice(String name, String defaultValue, String doc, String... choices) {
    return new ConfigKey(name, Type.CHOICE, defaultValue, doc, 0, 0, Arrays.asList(choices), "");
  }

  /** A MySQL URL ({@link DbUrl}), checked whenever it is set. */
  public static ConfigKey mysqlUrl(String name, String doc) {
    return of(name, Type.MYSQL_URL, "", doc);
  }

  /** A path to a file whose trimmed content becomes the value of {@code target} (Docker secrets). */
  public static ConfigKey file(String name, ConfigKey target, String doc) {
    return new ConfigKey(name, Type.FILE, "", doc, 0, 0, List.of(), target.name());
  }

  /** A path to a file holding the password of the MySQL URL {@code target} (Docker secrets). */
  public static ConfigKey passwordFile(String name, ConfigKey target, String doc) {
    return new ConfigKey(name, Type.PASSWORD_FILE, "", doc, 0, 0, List.of(), target.name());
  }

  /** {@code NANOEDGE_} + the key upper-cased with {@code .} and {@code -} as {@code _}. */
  public String envName() {
    return "NANOEDGE_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String propertyName() {
    return "nanoedge." + name;
  }

  /** Checks and normalises a value from any source; the message names the key and the expected form. */
  public String validate(String raw, String source) {
    String value = raw == null ? "" : raw.trim();
    String where = "configuration key '" + name + "'" + (source.isEmpty() ? "" : " (from " + source + ")");
    switch (type) {
      case INT, PORT -> {
        if (value.isEmpty() && !defaultValue.isEmpty()) {
          throw new ConfigException(where + " must be an integer between " + min + " and " + max);
        }
        if (!value.isEmpty()) {
          long n;
          try {
            n = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new ConfigException(where + " must be an integer between " + min + " and " + max
                + ", got '" + value + "'");
          }
          if (n < min || n > max) {
            throw new ConfigException(where + " must be between " + min + " and " + max + ", got " + n);
          }
        }
      }
      case BOOL -> {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
          throw new ConfigException(where + " must be true or false, got '" + value + "'");
        }
        value = lower;
      }
      case CHOICE -> {
        if (!choices.contains(value)) {
          throw new ConfigException(where + " must be one of " + String.join(", ", choices) + ", got '" + value + "'");
        }
      }
      case MYSQL_URL -> {
        if (!value.isEmpty()) {
          DbUrl.parse(value);
        }
      }
      default -> {
      }
    }
    return value;
  }
}
