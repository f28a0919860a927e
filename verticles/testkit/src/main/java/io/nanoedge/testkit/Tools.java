package io.nanoedge.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
