package io.nanoedge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module graph of the README, checked on the code: every import of a nanoedge package in a module's main code
 * must name a module that module may use. The contract imports nothing of ours, no module imports one at its own
 * level, and nothing imports the node launcher, the demo or the system tests. Maven's dependencies already keep
 * out what a module does not depend on; this test also catches a dependency that was added against the rules.
 */
class ModuleGraphTest {
  /** Module → its folder. */
  private static final Map<String, String> FOLDERS = new LinkedHashMap<>();
  /** Module → the modules its main code may import. */
  private static final Map<String, Set<String>> MAY_IMPORT = new LinkedHashMap<>();
  private static final Pattern PACKAGE = Pattern.compile("^package (io\\.nanoedge\\.[\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.nanoedge\\.[\\w.]+);",
      Pattern.MULTILINE);

  static {
    Set<String> base = Set.of("contract");
    Set<String> service = Set.of("contract", "coap-support");
    module("contract", "verticles/contract", Set.of());
    module("shell-client", "verticles/shell-client", Set.of());
    module("embedded-db", "verticles/embedded-db", Set.of());
    module("coap-support", "verticles/coap-support", base);
    module("node-base", "verticles/node-base", base);
    module("controller", "verticles/controller", service);
    module("shell", "verticles/shell", service);
    module("api", "api-verticle/api", service);
    module("coap-gateway", "api-verticle/coap-gateway", service);
    module("device-verticles", "device-verticles", service);
    module("node", "verticles/node", Set.of("contract", "node-base", "shell-client"));
    module("demo", "demo", Set.of("contract", "node-base", "node", "embedded-db", "coap-support",
        "controller", "shell", "api", "coap-gateway", "device-verticles"));
    module("testkit", "verticles/testkit", Set.of("contract", "embedded-db"));
  }

  private static void module(String name, String folder, Set<String> mayImport) {
    FOLDERS.put(name, folder);
    MAY_IMPORT.put(name, mayImport);
  }

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyImportFollowsTheModuleGraph() {
    // GIVEN which module owns which package
    Map<String, String> owner = new TreeMap<>();
    FOLDERS.forEach((module, folder) -> sources(folder).forEach(file -> {
      Matcher m = PACKAGE.matcher(read(file));
      if (m.find()) {
        String previous = owner.put(m.group(1), module);
        assertThat(previous == null || previous.equals(module))
            .as("package %s is split between %s and %s", m.group(1), previous, module).isTrue();
      }
    }));
    // WHEN every import of a nanoedge type in main code is looked up
    List<String> violations = new ArrayList<>();
    FOLDERS.forEach((module, folder) -> sources(folder).forEach(file -> {
      Matcher m = IMPORT.matcher(read(file));
      while (m.find()) {
        String target = ownerOf(owner, m.group(1));
        if (target == null) {
          violations.add(ROOT.relativize(file) + " imports " + m.group(1) + ", which no module of the graph owns");
        } else if (!target.equals(module) && !MAY_IMPORT.get(module).contains(target)) {
          violations.add(ROOT.relativize(file) + " (" + module + ") imports " + m.group(1) + " from " + target
              + "; " + module + " may import only " + MAY_IMPORT.get(module));
        }
      }
    }));
    // THEN none breaks the graph
    assertThat(violations).as("imports against the module graph (README, Layout)").isEmpty();
    assertThat(owner).as("every module was found").isNotEmpty();
  }

  @Test
  void theGraphHasNoCycleAndTheContractIsAtTheBottom() {
    assertThat(MAY_IMPORT.get("contract")).isEmpty();
    MAY_IMPORT.forEach((module, targets) -> targets.forEach(target -> assertThat(MAY_IMPORT.get(target))
        .as("%s may import %s, so %s must not import %s", module, target, target, module).doesNotContain(module)));
    MAY_IMPORT.forEach((module, targets) -> assertThat(targets).as("nothing but the demo imports the launcher")
        .doesNotContain(module.equals("demo") ? "demo" : "node", "demo"));
  }

  private static String ownerOf(Map<String, String> owner, String type) {
    String best = null;
    for (Map.Entry<String, String> e : owner.entrySet()) {
      if (type.startsWith(e.getKey() + ".") && (best == null || e.getKey().length() > best.length())) {
        best = e.getKey();
      }
    }
    return best == null ? null : owner.get(best);
  }

  private static List<Path> sources(String folder) {
    Path main = ROOT.resolve(folder).resolve("src/main/java");
    if (!Files.isDirectory(main)) {
      throw new AssertionError("no sources at " + main);
    }
    try (Stream<Path> files = Files.walk(main)) {
      return files.filter(f -> f.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
