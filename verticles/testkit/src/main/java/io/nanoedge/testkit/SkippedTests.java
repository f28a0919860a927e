package io.nanoedge.testkit;

import io.nanoedge.mariadb.EmbeddedDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a module's test run, every test that was skipped and why (a missing tool, a benchmark
 * that only its script runs), so a run on a bare machine says plainly what it did not prove. Registered through
 * {@code META-INF/services}, so every module with the test kit on its class path reports. When a test failed, it
 * also prints the embedded MariaDB's routine warnings that are otherwise kept out of the build log.
 */
public final class SkippedTests implements TestExecutionListener {
  private final List<String> skipped = new ArrayList<>();
  private TestPlan plan;
  private boolean failed;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    skipped.clear();
    failed = false;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    skipped.add(name(test) + " — " + reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    failed |= result.getStatus() == TestExecutionResult.Status.FAILED;
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
      skipped.add(name(test) + " — " + firstLine(reason.replaceFirst("^Assumption failed: ", "")));
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (failed) {
      printServerWarnings();
    }
    if (skipped.isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder("nanoedge: ").append(skipped.size()).append(" test(s) skipped here:\n");
    skipped.forEach(line -> out.append("  skipped: ").append(line).append('\n'));
    System.out.print(out);
    System.out.flush();
  }

  private static void printServerWarnings() {
    var warnings = EmbeddedDatabase.recentServerWarnings();
    if (!warnings.isEmpty()) {
      StringBuilder out = new StringBuilder("nanoedge: a test failed; the embedded MariaDB's last warnings:\n");
      warnings.forEach(line -> out.append("  mariadb: ").append(line).append('\n'));
      System.out.print(out);
      System.out.flush();
    }
  }

  private String name(TestIdentifier test) {
    String parent = plan == null ? "" : plan.getParent(test).map(TestIdentifier::getDisplayName).orElse("");
    return parent.isEmpty() ? test.getDisplayName() : parent + "." + test.getDisplayName();
  }

  private static String firstLine(String text) {
    int cut = text.indexOf('\n');
    return cut < 0 ? text : text.substring(0, cut);
  }
}
