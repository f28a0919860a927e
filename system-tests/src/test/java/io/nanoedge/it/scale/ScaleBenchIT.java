package io.nanoedge.it.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Campus scale under faults (issue 14), a benchmark run by {@code bench/scale/run.sh} (skipped otherwise): each run
 * of the table on a site of its own, figures and charts written to {@code docs/benchmarks.md} when
 * {@code nanoedge.scale.report} names the docs directory. With {@code nanoedge.scale.assert} (the CI's short
 * version) every run must lose no visit.
 */
class ScaleBenchIT {
  private final int entrances = Integer.getInteger("nanoedge.scale.entrances", 334);
  private final int rate = Integer.getInteger("nanoedge.scale.rate", 100);
  private final int seconds = Integer.getInteger("nanoedge.scale.seconds", 60);
  private final int warmup = Integer.getInteger("nanoedge.scale.warmup", 10);
  private final int fleets = Integer.getInteger("nanoedge.scale.fleets", 2);
  private final List<String> runs = Arrays.asList(System.getProperty("nanoedge.scale.runs",
      "baseline,leader-kill,device-churn,db-down,coap-loss,partition").split(","));

  @BeforeEach
  void onlyWhenAsked() {
    Assumptions.assumeTrue(Boolean.getBoolean("nanoedge.bench"), "benchmark: run bench/scale/run.sh");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void campusScaleUnderFaults() throws Exception {
    Path out = Path.of("target", "scale");
    List<JsonObject> results = new ArrayList<>();
    for (String name : runs) {
      ScaleRun.Plan plan = plan(name.trim());
      String unavailable = plan.fault() == ScaleRun.Fault.COAP_LOSS || plan.fault() == ScaleRun.Fault.PARTITION
          ? NetnsVeth.unavailable(plan.name()) : null;
      if (unavailable != null) {
        System.out.println("SCALE " + plan.name() + ": " + unavailable);
        continue;
      }
      JsonObject result;
      if (Boolean.getBoolean("nanoedge.scale.rerender")) {
        // The report again from the run's last result (e.g. after the page's text changed), nothing run.
        result = new JsonObject(Files.readString(out.resolve(plan.name() + ".json")));
      } else {
        System.out.println("SCALE run " + plan.name() + ": " + plan.title());
        result = new ScaleRun(plan, out).run();
      }
      System.out.println("SCALE " + plan.name() + " " + result.getJsonObject("figures").encode() + " notes "
          + result.getJsonObject("notes").encode());
      results.add(result);
    }
    String docs = System.getProperty("nanoedge.scale.report", "");
    if (!docs.isEmpty()) {
      new ScaleReport(Path.of(docs), results).write();
    }
    if (Boolean.getBoolean("nanoedge.scale.assert")) {
      for (JsonObject result : results) {
        JsonObject f = result.getJsonObject("figures");
        assertThat(f.getLong("visits_lost")).as("%s: visits lost", result.getString("name")).isZero();
        assertThat(f.getLong("visits_not_terminal_in_db")).as("%s: visits not terminal", result.getString("name"))
            .isZero();
        assertThat(f.getLong("journeys_not_terminal")).as("%s: journeys not terminal", result.getString("name"))
            .isZero();
        assertThat(f.getLong("accepted")).as("%s: visits opened", result.getString("name")).isPositive();
      }
    }
  }

  /** A run by name; {@code name@rate} runs it at another rate (named {@code name-<rate>}). */
  private ScaleRun.Plan plan(String spec) {
    int at = spec.indexOf('@');
    if (at < 0) {
      return plan(spec, rate);
    }
    ScaleRun.Plan plan = plan(spec.substring(0, at), Integer.parseInt(spec.substring(at + 1)));
    return new ScaleRun.Plan(plan.name() + "-" + plan.rate(), plan.title(), plan.goal(), plan.fault(),
        plan.entrances(), plan.rate(), plan.seconds(), plan.warmup(), plan.fleets());
  }

  private ScaleRun.Plan plan(String name, int rate) {
    return switch (name) {
      case "baseline" -> new ScaleRun.Plan(name, "simulated CoAP devices, 3 server JVMs, device JVMs as lite members",
          "p99 motion → guide command ≤ 50 ms, 0 visits lost", ScaleRun.Fault.NONE, entrances, rate, seconds, warmup,
          fleets);
      case "dtls" -> new ScaleRun.Plan(name, "the baseline, every simulated device on DTLS with its own registered key",
          "the baseline's goal with DTLS: p99 motion → guide command ≤ 50 ms, 0 visits lost", ScaleRun.Fault.NONE,
          entrances, rate, seconds, warmup, fleets);
      case "leader-kill" -> new ScaleRun.Plan(name, "the same, the leading controller SIGKILLed every 10 s",
          "0 visits lost, every visit terminal ≤ 15 s after its deadline", ScaleRun.Fault.LEADER_KILL, entrances,
          rate, seconds, warmup, fleets);
      case "device-churn" -> new ScaleRun.Plan(name, "a device JVM SIGKILLed and restarted every 10 s",
          "0 visits lost; partitions never move because of a device node", ScaleRun.Fault.DEVICE_CHURN, entrances,
          rate, seconds, warmup, fleets);
      case "db-down" -> new ScaleRun.Plan(name, "MariaDB unreachable for 10 s during the load",
          "503s while down, ready ≤ 5 s after it is back, 0 status records lost", ScaleRun.Fault.DB_DOWN, entrances,
          rate, seconds, warmup, fleets);
      case "faults" -> new ScaleRun.Plan(name, "the leading controller SIGKILLed, then a device JVM SIGKILLed and"
          + " restarted, then MariaDB unreachable for 10 s, 10 s apart on one site",
          "0 visits lost, every visit terminal", ScaleRun.Fault.SEQUENCE, entrances, rate, seconds, warmup, fleets);
      case "coap-loss" -> new ScaleRun.Plan(name, "10 % of the CoAP devices' packets dropped (each way)",
          "0 lost confirmable requests, 0 duplicate effects (an LED command applied twice, a visit opened twice)",
          ScaleRun.Fault.COAP_LOSS, entrances, rate, seconds, warmup, fleets);
      case "partition" -> new ScaleRun.Plan(name, "a server node cut off (link down) for 30 s, then healed",
          "the minority must not lead devices on its own; time to one cluster", ScaleRun.Fault.PARTITION, entrances,
          rate, seconds, warmup, fleets);
      case "partition-no-quorum" -> new ScaleRun.Plan(name, "the same partition without cluster.quorum",
          "(the finding: what a cut-off minority does without a quorum)", ScaleRun.Fault.PARTITION, entrances,
          rate, seconds, warmup, fleets);
      default -> throw new IllegalArgumentException("unknown run '" + name
          + "' (known: baseline, dtls, leader-kill, device-churn, db-down, faults, coap-loss, partition,"
          + " partition-no-quorum)");
    };
  }
}
