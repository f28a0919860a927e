package io.nanoedge.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI-sized run of {@code bench/fuzz/devices.sh} (20 s): random and truncated CoAP datagrams, bridge frames and
 * display requests against a node from the jar at -Xmx96m; 0 server errors, the node alive and ready, 0 rows
 * changed. The script is the same one a person reruns for minutes with another seed.
 */
@Timeout(300)
class DeviceFuzzIT {
  @Test
  void aFuzzRunLeavesTheNodeReadyWithNoServerErrorAndNoRowChanged() throws Exception {
    Tools.require("mariadb", "mariadb-client");
    Tools.require("openssl", "openssl");
    Tools.require("jcmd", "openjdk-17-jdk-headless");
    Tools.require("python3", "python3");
    Tools.require("curl", "curl");
    Process ping = new ProcessBuilder("mariadb", "-unanoedge", "-pnanoedge", "-h127.0.0.1", "-P3306", "-e", "SELECT 1")
        .redirectErrorStream(true).start();
    Tools.require(ping.waitFor(20, TimeUnit.SECONDS) && ping.exitValue() == 0,
        "the fuzz run needs MariaDB with the test user on 127.0.0.1:3306 (.ci/run makes it)");
    Path script = Path.of("..", "bench", "fuzz", "devices.sh").toAbsolutePath().normalize();
    Process fuzz = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    fuzz.getOutputStream().close();
    String out = new String(fuzz.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(fuzz.waitFor(240, TimeUnit.SECONDS)).as(out).isTrue();
    System.out.println(out);
    assertThat(fuzz.exitValue()).as(out).isZero();
    assertThat(out).contains("fuzz: 0 server errors").contains("/health/ready 200");
  }
}
