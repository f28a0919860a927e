package io.nanoedge.it.scale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Writes {@code docs/benchmarks.md} and one PNG per run ({@code docs/benchmarks/<run>.png}: latency percentiles
 * over time with the faults marked, throughput, visits open), drawn with the JDK's own imaging, headless.
 */
final class ScaleReport {
  private static final int WIDTH = 960;
  private static final int PANEL = 210;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final Color[] LINES = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0xd62728)};

  private final Path docs;
  private final List<JsonObject> results;

  ScaleReport(Path docs, List<JsonObject> results) {
    this.docs = docs;
    this.results = results;
  }

  void write() throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path charts = docs.resolve("benchmarks");
    Files.createDirectories(charts);
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks: campus scale under faults\n\n");
    md.append("Written by `bench/scale/run.sh` on ")
        .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16))
        .append(" UTC; rerun it to replace this page (issue 14). Every figure below comes from the run itself.\n\n");
    md.append("## Machine\n\n");
    md.append("- ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(memoryGb()).append(" GB, ").append(osName()).append(", ")
        .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
        .append('\n');
    md.append("- Shared with other engineers' builds while measuring: the load average at the end of each run is ")
        .append("given with it (1, 5, 15 min). Every JVM of the site runs on these same cores, so the figures are ")
        .append("upper bounds of what the software needs.\n\n");
    md.append("## Method\n\n");
    md.append(method()).append('\n');
    md.append("## Results\n\n");
    md.append("| run | goal | measured | goal met |\n|---|---|---|---|\n");
    for (JsonObject r : results) {
      md.append("| ").append(r.getString("name")).append(" — ").append(r.getString("title")).append(" | ")
          .append(r.getString("goal")).append(" | ").append(summary(r)).append(" | ").append(verdict(r))
          .append(" |\n");
    }
    if (results.stream().noneMatch(r -> "COAP_LOSS".equals(r.getString("fault")))) {
      md.append("| coap-loss — 10 % loss on CoAP | 0 lost confirmable requests, 0 duplicate effects | not run "
          + "(needs root, iproute2 and iptables) | — |\n");
    }
    if (results.stream().noneMatch(r -> "PARTITION".equals(r.getString("fault")))) {
      md.append("| partition — a server node cut off 30 s, then healed | what the minority does, time to one cluster "
          + "| not run (needs root and iproute2) | — |\n");
    }
    md.append('\n');
    md.append(capacity(results));
    for (JsonObject r : results) {
      String name = r.getString("name");
      chart(r, charts.resolve(name + ".png"));
      md.append("### ").append(name).append(": ").append(r.getString("title")).append("\n\n");
      md.append(r.getInteger("entrances")).append(" entrances (").append(r.getJsonObject("figures")
          .getLong("devices", 0L)).append(" simulated CoAP devices), ").append(r.getInteger("rate"))
          .append(" visits/s for ").append(r.getInteger("seconds")).append(" s after ").append(r.getInteger("warmup"))
          .append(" s warm-up; ").append(r.getInteger("servers")).append(" server JVMs, ")
          .append(r.getInteger("fleets")).append(" device JVMs; load average after the run ")
          .append(r.getString("loadavg")).append(".\n\n");
      md.append("![").append(name).append(": latency, throughput and visits open over time](benchmarks/")
          .append(name).append(".png)\n\n");
      md.append("| figure | value |\n|---|---|\n");
      r.getJsonObject("figures").forEach(e -> md.append("| ").append(e.getKey()).append(" | ")
          .append(e.getValue()).append(" |\n"));
      r.getJsonObject("notes").forEach(e -> md.append("| note: ").append(e.getKey()).append(" | ")
          .append(String.valueOf(e.getValue()).replace("|", "\\|")).append(" |\n"));
      md.append('\n');
    }
    md.append(glossary());
    Files.writeString(docs.resolve("benchmarks.md"), md.toString());
  }

  private static String method() {
    return """
        One command (`bench/scale/run.sh`) builds the jar and runs `ScaleBenchIT` (system-tests), which sets up a
        site of its own for every run:
        - **MariaDB**: a fresh database on the machine's MariaDB (or the test kit's embedded one), reached by every
          server through a TCP proxy of the run's own (`TcpProxy.toDatabase`), which the db-down run closes and
          reopens; the machine's MariaDB is never stopped.
        - **3 server JVMs** from `nanoedge.jar`, each `run --roles api,controller --cluster` (data members,
          `cluster.backup-count` 1), static TCP cluster on loopback, `-Xmx256m -XX:+UseSerialGC
          -XX:TieredStopAtLevel=1`.
        - **Device JVMs** (lite members: device roles only): each runs the CoAP gateway (role `coap`) and, for its
          share of the entrances, the entrance's BLE scanner (simulated driver), the first LED node of the room's
          path with the **CoAP LED driver**, and the room (`MeetingRoomVerticle`, simulated door drivers): the real
          role verticles, many instances per JVM.
        - **Simulated CoAP devices** in the bench's JVM, each a real UDP endpoint: per entrance a PIR (POSTs
          `/detect` to its gateway, confirmable), a door sensor (POSTs `/guide`, the arrival) and an LED device (a
          CoAP server the LED node PUTs `1`/`0` to). The bench's JVM is itself a lite member (no state).
        - **Fixtures through the HTTP API**: a room per entrance (its entrance, its LED path), 4 persons with
          registered tags per room, a meeting on now in every room.
        - **A visit**: the bench puts the person's tag in range of the entrance scanner (`simulate tag` over the
          bus), then the PIR POSTs `/detect`. The controller opens the visit, the scanner answers (scan window 0,
          so the latency is the system's, not the window's), the API authenticates the tag against MariaDB, the
          controller sends the guide agent to the LED node, which PUTs `1` to the LED device: **motion → guide
          command** is from the PIR's POST to that PUT. The door sensor then reports the arrival; the first
          arrival of each meeting is presented in its room.
        - **A PIR whose POST gets a 5.xx** (no controller answered, e.g. during a takeover) retries every 250 ms
          for up to 10 s, as a device should; CoAP retransmits unanswered confirmable requests on its own. A retry
          is the same report (its source and the time the motion was sensed, `at`), so the controller answers it
          with the visit the first try opened, if it did; the person's tag is in range for 4 s from each try (they
          wait at the door).
        - **The dtls run** is the baseline with the devices' credentials, as production devices use them: every
          device is registered through the HTTP API (`POST /api/devices`: the PIR at its entrance, the door sensor
          at its room, the LED device at its LED node) and speaks DTLS with its own pre-shared key (PSK identity =
          device id); one DTLS client connector per PIR and door sensor, one DTLS server per LED device (knowing
          only its own credential), the gateways without plain CoAP (only `coaps.seed-port`), the LED nodes
          PUTting to `coaps://` with the LED device's `led.coap-identity`/`led.coap-key`. Each PIR and door
          sensor pings its gateway once before the load, so their handshakes (`dtls_handshake_ms`) are set-up; an
          LED device's handshake is at its first guide command, in the load.
        - **Not simulated**: in every run but dtls the devices speak plain CoAP to the gateways and LED nodes
          (`coap.device-plain`), not DTLS with a credential each; DTLS session resumption and key rotation are not
          exercised by any run.
        - **Lost**: a visit the gateway answered 2.01 for whose last stored status is not terminal
          (AUTHENTICATED or a NOT status) once the run has drained (≤ 60 s). Visits and journeys are read back
          from the status log in MariaDB, not from the bus.
        - **Faults** start 5 s after the warm-up and repeat every 10 s: SIGKILL of the node the controllers report
          as leader (restarted at once, so it rejoins as a standby), SIGKILL of a device JVM in turn (restarted at
          once), the database proxy closed for 10 s while an HTTP client asks the API every 100 ms, and 10 % loss
          on the CoAP devices' traffic: in the coap-loss run every device endpoint (simulated devices, gateways,
          LED nodes' clients) binds the host's end of a veth into a network namespace of the run's own, and they
          address each other through that namespace, which forwards every packet back to the host (DNAT +
          masquerade) and drops 10 % of them each way with `iptables -m statistic --mode random` (`tc netem` is
          not available here); in the partition run server-3 runs (controller only: the database proxy is on
          loopback) in a network namespace of its own joined by one veth, every other node binds the host's end,
          and the veth is taken down for 30 s, then up. Partition replica migrations are counted by a Hazelcast
          migration listener for the whole run.
        - **CPU** (runs without faults): the CPU time, user + system, of every process of the site from the first
          motion until the last visit is terminal, from the kernel's accounting (`ProcessHandle`): the server JVMs,
          the device JVMs, the bench's JVM (the simulated devices and the load generator) and the machine's
          MariaDB (whatever else it served in that time counts too), divided by the visits driven, and divided by
          the time: the cores busy on average. A run at 1 visit/s gives what the site uses when idle; the difference
          between two rates, what one more visit costs.
        """;
  }

  /**
   * What a rate costs in CPU, from two plain runs that met their goal (the lowest rate and the highest; a run past
   * the knee spends less CPU per visit, as work queues up and is batched): the cores busy grow by the CPU of one
   * visit per visit/s, so the line through them says what 100 visits/s would
   * take on these cores' kind, for the whole site and for its servers (API, controller, MariaDB) alone.
   */
  static String capacity(List<JsonObject> results) {
    List<JsonObject> plain = results.stream().filter(r -> "NONE".equals(r.getString("fault"))
        && !r.getString("name").startsWith("dtls") && r.getJsonObject("figures").containsKey("cpu_visits")
        && "yes".equals(verdict(r)))
        .sorted(Comparator.comparingInt(r -> r.getInteger("rate"))).toList();
    if (plain.size() < 2) {
      return "";
    }
    JsonObject low = plain.get(0);
    JsonObject high = plain.get(plain.size() - 1);
    int rateLow = low.getInteger("rate");
    int rateHigh = high.getInteger("rate");
    if (rateHigh <= rateLow) {
      return "";
    }
    double[] site = {cores(low, "cpu_ms_servers", "cpu_ms_device_jvms", "cpu_ms_bench_jvm", "cpu_ms_mariadb"),
        cores(high, "cpu_ms_servers", "cpu_ms_device_jvms", "cpu_ms_bench_jvm", "cpu_ms_mariadb")};
    double[] servers = {cores(low, "cpu_ms_servers", "cpu_ms_mariadb"),
        cores(high, "cpu_ms_servers", "cpu_ms_mariadb")};
    double perVisit = (site[1] - site[0]) / (rateHigh - rateLow);
    double serverPerVisit = (servers[1] - servers[0]) / (rateHigh - rateLow);
    return String.format(Locale.ROOT, """
        ## What 100 visits/s would take

        From the runs at %d and %d visits/s (no faults, goal met): the whole site kept %.2f and %.2f cores \
        busy, so one visit costs %.1f ms of CPU over and above %.2f cores of idle work (Hazelcast's heartbeats, \
        timers, %,d simulated devices' endpoints). 100 visits/s would need about **%.1f cores** of this machine's \
        kind for the whole site as run here, %.1f of them for the servers (three API and controller JVMs and \
        MariaDB: %.1f ms per visit); the rest is the device JVMs and the simulated devices, which a campus spreads \
        over its own Pis. This machine has %d.

        """, rateLow, rateHigh, site[0], site[1], perVisit * 1000, site[0] - rateLow * perVisit,
        high.getJsonObject("figures").getLong("devices", 0L), site[0] + (100 - rateLow) * perVisit,
        servers[0] + (100 - rateLow) * serverPerVisit, serverPerVisit * 1000,
        Runtime.getRuntime().availableProcessors());
  }

  private static double cores(JsonObject r, String... parts) {
    JsonObject f = r.getJsonObject("figures");
    long ms = 0;
    for (String part : parts) {
      ms += f.getLong(part);
    }
    return (double) ms / f.getLong("cpu_window_ms");
  }

  private static String glossary() {
    return """
        ## Figures

        `motions`/`guided`: motions driven after the warm-up, and those whose guide command reached the LED device;
        `p50_us`…`max_us`: motion → guide command, µs; `accepted`: /detect answered 2.01 (`folded`: joined a visit
        still scanning at that entrance); `refused`/`unanswered`: a final 4.xx/5.xx, or no answer at all after
        CoAP's retransmissions; `detect_retries`: 5.xx retried by the PIR; `coap_retransmissions`: confirmable
        messages CoAP sent again; `led_duplicate_commands`: an LED command (same source and message id) applied
        twice; `visits_lost`: visits answered 2.01 not terminal in the status log after the drain;
        `visits_opened_twice`: motions (PIR reports) that opened more than one visit; `longest_visit_ms`/
        `longest_journey_ms`: first → last stored status; `partition_migrations`: partition replicas migrated
        during the run; `takeover_*`: SIGKILL of the leader → another controller answers as leader;
        `restart_to_ready_max_ms`: SIGKILL → the restarted JVM ready; `db_down_api_*`: answers of the API while the
        database was away; `db_ready_after_ms`: database back → every API answers 200 again; `stage <kind>_<status>
        p50_ms`/`p99_ms`: for each stored status, the time since the subject's previous status (the controller's
        clock), e.g. `stage visit_SCANNED` is DETECTED → SCANNED and `stage journey_GUIDED` is the journey's
        AUTHENTICATED → GUIDED; notes `why …`: the stored reasons of the NOT statuses, numbers masked, most frequent
        first; `cpu_ms_<part>`: CPU time of that part of the site over `cpu_window_ms` (first motion → every visit
        terminal) for `cpu_visits` visits (see Method).
        """;
  }

  private static String summary(JsonObject r) {
    JsonObject f = r.getJsonObject("figures");
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.0f ms; %d of %d guided; %d visits lost",
        f.getLong("p50_us") / 1000.0, f.getLong("p99_us") / 1000.0, f.getLong("max_us") / 1000.0,
        f.getLong("guided"), f.getLong("motions"), f.getLong("visits_lost")));
    s.append(String.format(Locale.ROOT, ", %d not accepted", f.getLong("refused") + f.getLong("unanswered")));
    switch (r.getString("fault")) {
      case "LEADER_KILL" -> s.append(String.format(Locale.ROOT, "; longest visit %.1f s, takeover %s–%s ms",
          f.getLong("longest_visit_ms") / 1000.0, f.getLong("takeover_min_ms"), f.getLong("takeover_max_ms")));
      case "DEVICE_CHURN" -> s.append("; partition migrations ").append(f.getLong("partition_migrations"));
      case "SEQUENCE" -> s.append(String.format(Locale.ROOT, "; takeover %s ms, the killed JVMs ready again ≤ %.1f s"
          + " after their kill; database away: %d × 503, ready %.1f s after it is back",
          f.getLong("takeover_max_ms", -1L), f.getLong("restart_to_ready_max_ms", -1L) / 1000.0,
          f.getLong("db_down_api_503", 0L), f.getLong("db_ready_after_ms", -1L) / 1000.0));
      case "PARTITION" -> s.append(String.format(Locale.ROOT, "; cut noticed after %.1f s; the minority took the "
          + "lead %d time(s); one cluster %.1f s after the heal", f.getLong("partition_noticed_ms", -1L) / 1000.0,
          f.getLong("minority_took_the_lead", -1L), f.getLong("one_cluster_after_heal_ms", -1L) / 1000.0));
      case "COAP_LOSS" -> s.append(String.format(Locale.ROOT, "; %d packets dropped, %d CoAP retransmissions, %d "
          + "requests unanswered, %d LED commands applied twice, %d visits opened twice",
          f.getLong("coap_packets_dropped", -1L), f.getLong("coap_retransmissions"), f.getLong("unanswered"),
          f.getLong("led_duplicate_commands"), f.getLong("visits_opened_twice")));
      case "DB_DOWN" -> s.append(String.format(Locale.ROOT, "; while down %d × 503, %d × 200, %d other; ready %.1f s"
          + " after it is back", f.getLong("db_down_api_503", 0L), f.getLong("db_down_api_200", 0L),
          f.getLong("db_down_api_other", 0L), f.getLong("db_ready_after_ms", -1L) / 1000.0));
      default -> { }
    }
    if (f.containsKey("cpu_visits")) {
      long total = f.getLong("cpu_ms_servers") + f.getLong("cpu_ms_device_jvms") + f.getLong("cpu_ms_bench_jvm")
          + f.getLong("cpu_ms_mariadb");
      double visits = f.getLong("cpu_visits");
      double perVisit = total / visits;
      s.append(String.format(Locale.ROOT, "; CPU %.1f ms per visit (servers %.1f, device JVMs %.1f, simulated devices "
          + "and load %.1f, MariaDB %.1f), %.2f cores busy on average", perVisit,
          f.getLong("cpu_ms_servers") / visits, f.getLong("cpu_ms_device_jvms") / visits,
          f.getLong("cpu_ms_bench_jvm") / visits, f.getLong("cpu_ms_mariadb") / visits,
          (double) total / f.getLong("cpu_window_ms")));
    }
    return s.toString();
  }

  /** Whether the run met the goal, judged from its figures. */
  static String verdict(JsonObject r) {
    JsonObject f = r.getJsonObject("figures");
    boolean lossless = f.getLong("visits_lost") == 0 && f.getLong("visits_not_terminal_in_db") == 0
        && f.getLong("journeys_not_terminal") == 0;
    boolean met = switch (r.getString("fault")) {
      case "NONE" -> lossless && f.getLong("p99_us") <= 50_000;
      // A visit's own timers: 2 s scan margin + 10 s retrying an unavailable API; then 15 s of grace.
      case "LEADER_KILL" -> lossless && f.getLong("longest_visit_ms") <= 27_000;
      case "DEVICE_CHURN" -> lossless && f.getLong("partition_migrations") == 0;
      case "DB_DOWN" -> lossless && f.getLong("db_down_api_503", 0L) > 0 && f.getLong("db_ready_after_ms", 99_999L)
          <= 5_000;
      case "PARTITION" -> lossless && f.getLong("minority_took_the_lead", 1L) == 0;
      case "SEQUENCE" -> lossless;
      case "COAP_LOSS" -> lossless && f.getLong("unanswered") == 0 && f.getLong("led_duplicate_commands") == 0
          && f.getLong("visits_opened_twice") == 0;
      default -> false;
    };
    return met ? "yes" : "**no**";
  }

  // ---- charts

  private static void chart(JsonObject r, Path png) throws IOException {
    JsonArray timeline = r.getJsonArray("timeline");
    BufferedImage image = new BufferedImage(WIDTH, 3 * PANEL + 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(r.getString("name") + ": " + r.getString("title"), LEFT, 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    int top = 30;
    panel(g, timeline, r.getJsonArray("marks"), top, "motion → guide command (ms, log scale)", true,
        new String[] {"p50", "p99", "max"}, t -> t.getLong("p50_us") / 1000.0, t -> t.getLong("p99_us") / 1000.0,
        t -> t.getLong("max_us") / 1000.0);
    panel(g, timeline, r.getJsonArray("marks"), top + PANEL, "throughput (per second)", false,
        new String[] {"motions sent", "guide commands"}, t -> t.getLong("sent"), t -> t.getLong("guided"));
    panel(g, timeline, r.getJsonArray("marks"), top + 2 * PANEL, "visits open (not yet terminal)", false,
        new String[] {"open"}, t -> t.getLong("open"));
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  @SafeVarargs
  private static void panel(Graphics2D g, JsonArray timeline, JsonArray marks, int top, String title, boolean log,
      String[] names, ToDoubleFunction<JsonObject>... series) {
    int height = PANEL - 45;
    int y0 = top + 20;
    int x0 = LEFT;
    int width = WIDTH - LEFT - RIGHT;
    int n = Math.max(2, timeline.size());
    double max = log ? 1 : 0;
    for (int i = 0; i < timeline.size(); i++) {
      for (ToDoubleFunction<JsonObject> s : series) {
        max = Math.max(max, s.applyAsDouble(timeline.getJsonObject(i)));
      }
    }
    double lo = log ? 0.1 : 0;
    double hi = log ? Math.pow(10, Math.ceil(Math.log10(Math.max(max, 1)))) : niceCeiling(max);
    g.setColor(Color.BLACK);
    g.drawString(title, x0, y0 - 5);
    g.setColor(new Color(0xdddddd));
    int ticks = log ? (int) Math.round(Math.log10(hi / lo)) : 4;
    for (int k = 0; k <= ticks; k++) {
      double value = log ? lo * Math.pow(10, k) : hi * k / ticks;
      int y = y(value, lo, hi, log, y0, height);
      g.setColor(new Color(0xdddddd));
      g.drawLine(x0, y, x0 + width, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(label(value), 5, y + 4);
    }
    g.setColor(Color.BLACK);
    g.drawRect(x0, y0, width, height);
    for (int s = 0; s <= n - 1; s += 10) {
      int x = x0 + s * width / (n - 1);
      g.drawString(s + " s", x - 8, y0 + height + 13);
    }
    for (int m = 0; m < marks.size(); m++) {
      JsonObject mark = marks.getJsonObject(m);
      int x = x0 + (int) (mark.getDouble("t") * width / (n - 1));
      g.setColor(new Color(0xcc0000));
      g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
      g.drawLine(x, y0, x, y0 + height);
      g.setStroke(new BasicStroke(1));
      if (top < 60) {
        g.drawString(shortLabel(mark.getString("label")), x + 2, y0 + 11 + 11 * (m % 3));
      }
    }
    for (int s = 0; s < series.length; s++) {
      g.setColor(LINES[s % LINES.length]);
      g.setStroke(new BasicStroke(1.6f));
      int px = -1;
      int py = -1;
      for (int i = 0; i < timeline.size(); i++) {
        double v = series[s].applyAsDouble(timeline.getJsonObject(i));
        if (log && v <= 0) {
          px = -1;
          continue;
        }
        int x = x0 + i * width / (n - 1);
        int y = y(v, lo, hi, log, y0, height);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.setStroke(new BasicStroke(1));
      g.drawString(names[s], x0 + width - 110 * (series.length - s), y0 - 5);
    }
  }

  private static int y(double value, double lo, double hi, boolean log, int y0, int height) {
    double v = Math.max(lo, Math.min(hi, value));
    double frac = log ? Math.log10(v / lo) / Math.log10(hi / lo) : (v - lo) / (hi - lo);
    return y0 + height - (int) Math.round(frac * height);
  }

  private static double niceCeiling(double max) {
    if (max <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= max) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String label(double value) {
    return value >= 10 || value == 0 ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String shortLabel(String label) {
    return label.length() > 28 ? label.substring(0, 28) : label;
  }

  private static String memoryGb() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return String.valueOf(Math.round(os.getTotalMemorySize() / 1e9));
    }
    return "?";
  }

  private static String osName() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring(12).replace("\"", "");
        }
      }
    } catch (IOException e) {
      return System.getProperty("os.name");
    }
    return System.getProperty("os.name");
  }
}
