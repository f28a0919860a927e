package io.nanoedge.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs some tests drive as real peers (libcoap's clients, telnet, Chromium, npm, python3, iproute2).
 * A machine without one skips those tests with one line naming the tool and where it comes from; no test fails
 * because of the machine.
 */
public final class Tools {
  private Tools() {
  }

  /** Whether {@code command} is an executable on the PATH. */
  public static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** Skips the calling test unless {@code command} is on the PATH; the reason names the Debian package. */
  public static void require(String command, String debianPackage) {
    Assumptions.assumeTrue(onPath(command), () -> "needs " + command + " (Debian package " + debianPackage
        + "), which this machine does not have");
  }

  /** Skips the calling test with {@code reason} (one line) unless {@code available}. */
  public static void require(boolean available, String reason) {
    Assumptions.assumeTrue(available, reason);
  }

  /**
   * Copies {@code files} from the module's {@code src/test/browser} into {@code work} and installs their npm packages
   * there (playwright-core, which drives the machine's Chromium) unless already installed; false when npm cannot.
   */
  public static boolean playwrightInstalled(Path work, String... files) throws IOException, InterruptedException {
    Files.createDirectories(work);
    for (String file : files) {
      Files.copy(Path.of("src", "test", "browser", file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(work.resolve("node_modules/playwright-core"))) {
      return true;
    }
    try {
      Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(work.toFile())
          .redirectErrorStream(true).redirectOutput(work.resolve("npm-install.log").toFile()).start();
      return npm.waitFor(180, TimeUnit.SECONDS) && npm.exitValue() == 0
          && Files.isDirectory(work.resolve("node_modules/playwright-core"));
    } catch (IOException e) {
      return false;
    }
  }
}
