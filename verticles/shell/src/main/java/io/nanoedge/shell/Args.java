package io.nanoedge.shell;

import io.nanoedge.bus.NanoException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one shell command: positional words, {@code --name value} options and {@code --flag}s.
 * Anything the command does not know is a usage error that quotes the usage line, so a typo never runs
 * a command with a silent default.
 */
final class Args {
  private final List<String> words;
  private final Map<String, String> options;
  private final Set<String> flags;
  private final String usage;

  private Args(List<String> words, Map<String, String> options, Set<String> flags, String usage) {
    this.words = words;
    this.options = options;
    this.flags = flags;
    this.usage = usage;
  }

  static Args parse(List<String> raw, String usage, Set<String> valueOptions, Set<String> flagOptions) {
    List<String> words = new ArrayList<>();
    Map<String, String> options = new HashMap<>();
    Set<String> flags = new HashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String arg = raw.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        words.add(arg);
      } else if (valueOptions.contains(arg)) {
        if (i + 1 >= raw.size() || raw.get(i + 1).startsWith("--")) {
          throw usageError("option " + arg + " needs a value", usage);
        }
        options.put(arg, raw.get(++i));
      } else if (flagOptions.contains(arg)) {
        flags.add(arg);
      } else {
        throw usageError("unknown option " + arg, usage);
      }
    }
    return new Args(words, options, flags, usage);
  }

  static NanoException usageError(String problem, String usage) {
    return NanoException.badRequest(problem + "\nusage: " + usage);
  }

  NanoException error(String problem) {
    return usageError(problem, usage);
  }

  int size() {
    return words.size();
  }

  String word(int i, String what) {
    if (i >= words.size()) {
      throw error("missing " + what);
    }
    return words.get(i);
  }

  List<String> wordsFrom(int i) {
    return i >= words.size() ? List.of() : words.subList(i, words.size());
  }

  /** Fails when more positional words were given than the command takes. */
  Args atMost(int count) {
    if (words.size() > count) {
      throw error("unexpected argument '" + words.get(count) + "'");
    }
    return this;
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  String option(String name) {
    return options.get(name);
  }

  long longOption(String name, long defaultValue, long min, long max) {
    String value = options.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected form
    }
    throw error("option " + name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
  }
}
