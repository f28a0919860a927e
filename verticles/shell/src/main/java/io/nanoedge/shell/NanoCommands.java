package io.nanoedge.shell;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Admit;
import io.nanoedge.bus.Backup;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Empty;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.NodeInfo;
import io.nanoedge.bus.OperatorBus;
import io.nanoedge.bus.ServiceCommand;
import io.nanoedge.bus.SimulatedTag;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.VisitHistory;
import io.nanoedge.bus.VisitList;
import io.nanoedge.bus.VisitSummary;
import io.nanoedge.config.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.shell.command.Command;
import io.vertx.ext.shell.command.CommandBuilder;
import io.vertx.ext.shell.command.CommandProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * nanoedge's own shell commands. Each one parses its words strictly (a usage error names the problem and
 * shows the usage), asks the role that owns the data over the event bus, and prints plain text; when that
 * role is not running it says so instead of showing a bus error.
 */
final class NanoCommands {
  /** How long {@code nodes} waits for node agents to answer the roll call. */
  static final Duration ROLL_CALL_WINDOW = Duration.ofMillis(800);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String CONTROLLER_ABSENT = "no controller is running";
  private static final String API_ABSENT = "no api is running";

  private final Vertx vertx;
  private final String nodeId;
  private final DeviceDirectory devices;
  private final OperatorBus bus;
  private final int expectedMembers;
  private final Duration serviceTimeout;

  NanoCommands(Vertx vertx, String nodeId, DeviceDirectory devices, OperatorBus bus, Duration serviceTimeout,
      int expectedMembers) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.devices = devices;
    this.bus = bus;
    this.serviceTimeout = serviceTimeout;
    this.expectedMembers = expectedMembers;
  }

  /** A command body: the parsed words in, the text to print out. */
  private interface Body {
    Future<String> run(CommandProcess process, List<String> args);
  }

  List<Command> all() {
    return List.of(
        command("nodes", "nodes", "cluster members (node agents) and the roles each runs",
            (p, a) -> nodes(parse(a, "nodes", Set.of(), Set.of()).atMost(0))),
        command("visits", "visits [--active]", "the controller's visits (--active: only those in flight)",
            (p, a) -> visits(parse(a, "visits [--active]", Set.of(), Set.of("--active")).atMost(0))),
        command("visit", "visit <visit-id>", "one visit and its status timeline (from the API)",
            (p, a) -> visit(parse(a, "visit <visit-id>", Set.of(), Set.of()).atMost(1))),
        command("devices", "devices", "devices that announced themselves: driver, location, last seen",
            (p, a) -> devices(parse(a, "devices", Set.of(), Set.of()).atMost(0))),
        command("simulate", "simulate motion <location> | simulate tag <location> <tag-id> [--seconds N]",
            "feed a simulated PIR or BLE beacon at a location", (p, a) -> simulate(a)),
        command("admit", "admit <visit-id> <person-id|guest name> --event <event-id>",
            "let a pending visitor in by hand: a known person (number) or a guest by name", (p, a) -> admit(a)),
        command("status", "status tail [--visit <visit-id>]",
            "print every status change as it is stored, until Ctrl-C", this::status),
        command("service", "service deploy <role> [--node <node-id>] | service undeploy <role> [--node <node-id>]",
            "start or stop a role's verticle at run time (undeploying api first backs up every table)",
            (p, a) -> service(a)));
  }

  private Command command(String name, String usage, String summary, Body body) {
    return CommandBuilder.command(name).processHandler(process -> {
      List<String> args = process.args();
      if (args.contains("--help") || args.contains("-h")) {
        end(process, TerminalText.output(name + ": " + summary + "\nusage: " + usage + "\n"), 0);
        return;
      }
      Future<String> result;
      try {
        result = body.run(process, args);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        if (ar.succeeded()) {
          end(process, ar.result() == null ? null : TerminalText.output(ar.result()), 0);
        } else {
          end(process, TerminalText.output(name + ": " + OperatorBus.describe(ar.cause()) + "\n"), 1);
        }
      });
    }).build(vertx);
  }

  /**
   * Prints a command's text and ends it. A command suspended meanwhile (Ctrl-Z, typed while it ran) cannot print:
   * it does so when {@code fg} resumes it. One whose session has ended is dropped with it.
   */
  static void end(CommandProcess process, String text, int status) {
    try {
      if (text != null) {
        process.write(text);
      }
      process.end(status);
    } catch (IllegalStateException notRunning) {
      process.resumeHandler(v -> end(process, text, status));
    }
  }

  private static Args parse(List<String> args, String usage, Set<String> valueOptions, Set<String> flags) {
    return Args.parse(args, usage, valueOptions, flags);
  }

  private static String name(Args args, int i, String what) {
    String value = args.word(i, what);
    if (!NAME.matcher(value).matches()) {
      throw args.error(what + " must be 1 to 64 letters, digits, '.', '_' or '-', got '" + value + "'");
    }
    return value;
  }

  // ---- nodes

  private Future<String> nodes(Args args) {
    String replyTo = "nanoedge.shell.roll-call." + UUID.randomUUID();
    List<NodeInfo> answers = Collections.synchronizedList(new ArrayList<>());
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(replyTo, message -> {
      try {
        answers.add(NodeInfo.fromJson(Fields.body(message.body())));
      } catch (NanoException e) {
        // An agent of another version: `nodes` lists those it can read.
      }
    });
    return consumer.completion()
        .compose(v -> {
          Bus.publish(vertx.eventBus(), Addresses.NODE_ROLL_CALL, new NodeInfo.RollCall(replyTo));
          return vertx.timer(ROLL_CALL_WINDOW.toMillis());
        })
        .eventually(consumer::unregister)
        .map(v -> formatNodes(new ArrayList<>(answers)));
  }

  private String formatNodes(List<NodeInfo> answers) {
    answers.sort(Comparator.comparing(NodeInfo::node));
    TextTable table = new TextTable("NODE", "ROLES", "PID", "UPTIME");
    for (NodeInfo info : answers) {
      String node = info.node();
      table.row(node + (node.equals(nodeId) ? " *" : ""), info.roles().isEmpty() ? "-" : String.join(",", info.roles()),
          info.pid(), duration(info.uptimeMs()));
    }
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    int size = cluster == null ? 1 : cluster.getNodes().size();
    // What is missing, when the deployment says how many members it should have (cluster.expected-members). Whether
    // that keeps a node from being ready (only until the cluster first formed) and what its roles still need:
    // each node's /health/ready, which names it.
    String missing = expectedMembers > size ? " of " + expectedMembers + " expected (" + (expectedMembers - size)
        + " missing; /health/ready names what each node still needs)" : "";
    String members = cluster == null ? "not clustered" : "cluster members: " + size + missing;
    return table + members + "; node agents answering: " + answers.size() + " (* = this shell's node)\n";
  }

  private static String duration(long millis) {
    long s = millis / 1000;
    return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }

  // ---- visits, visit

  private Future<String> visits(Args args) {
    boolean active = args.flag("--active");
    return bus.request(Addresses.VISITS, new VisitList.Query(active), "the controller", CONTROLLER_ABSENT)
        .map(reply -> {
          List<VisitSummary> visits = reply.visits();
          if (visits.isEmpty()) {
            return active ? "no active visits\n" : "no visits\n";
          }
          TextTable table = new TextTable("VISIT", "STATUS", "LOCATION", "DETAILS");
          for (VisitSummary v : visits) {
            JsonObject details = v.toJson();
            details.remove("id");
            details.remove("status");
            details.remove("location");
            table.row(v.id(), v.status(), v.location(), details.encode());
          }
          return table + String.valueOf(visits.size()) + (active ? " active" : "") + " visit(s)\n";
        });
  }

  private Future<String> visit(Args args) {
    String visitId = name(args, 0, "<visit-id>");
    return bus.request(Addresses.API_VISIT_GET, new VisitHistory.Query(visitId), "the api", API_ABSENT)
        .map(reply -> {
          StringBuilder out = new StringBuilder("visit ").append(visitId).append('\n');
          reply.visit().forEach(e -> {
            if (!"visitId".equals(e.getKey()) && !"id".equals(e.getKey())) {
              out.append("  ").append(TerminalText.value(e.getKey())).append(": ")
                  .append(TerminalText.value(e.getValue())).append('\n');
            }
          });
          if (reply.timeline().isEmpty()) {
            return out.append("no status recorded yet\n").toString();
          }
          TextTable table = new TextTable("AT", "KIND", "ID", "SEQ", "STATUS", "REASON");
          for (StatusRecord line : reply.timeline()) {
            table.row(line.at(), line.kind().name().toLowerCase(Locale.ROOT), line.id(), line.seq(),
                line.status().wire(), line.reason());
          }
          return out.append(table).toString();
        });
  }

  // ---- devices

  private Future<String> devices(Args args) {
    List<DeviceDirectory.Device> all = devices.all();
    if (all.isEmpty()) {
      return Future.succeededFuture("no devices seen yet (each device announces itself when it starts)\n");
    }
    Instant now = Instant.now();
    TextTable table = new TextTable("NODE", "KIND", "ID", "DRIVER", "LOCATION", "LAST SEEN");
    for (DeviceDirectory.Device d : all) {
      table.row(d.node(), d.kind(), d.id(), d.driver(), d.location(),
          duration(Duration.between(d.lastSeen(), now).toMillis()) + " ago");
    }
    return Future.succeededFuture(table.toString());
  }

  // ---- simulate

  private Future<String> simulate(List<String> raw) {
    String usage = "simulate motion <location> | simulate tag <location> <tag-id> [--seconds N]";
    Args args = Args.parse(raw, usage, Set.of("--seconds"), Set.of());
    String what = args.word(0, "what to simulate (motion or tag)");
    switch (what) {
      case "motion" -> {
        if (args.option("--seconds") != null) {
          throw args.error("--seconds applies to simulate tag only");
        }
        args.atMost(2);
        String location = name(args, 1, "<location>");
        return bus.request(Addresses.SIMULATE_MOTION.at(location), Empty.INSTANCE, "the presence sensor at " + location,
                "no simulated presence sensor at '" + location + "' (run the presence role with the simulated "
                    + "driver for that location)")
            .map(reply -> "motion at " + location + "\n");
      }
      case "tag" -> {
        args.atMost(3);
        String location = name(args, 1, "<location>");
        String tag = args.word(2, "<tag-id>");
        if (tag.isBlank() || tag.length() > 128) {
          throw args.error("<tag-id> must be 1 to 128 characters");
        }
        long seconds = args.longOption("--seconds", 10, 1, 3600);
        return bus.request(Addresses.SIMULATE_TAG.at(location), new SimulatedTag(tag, (int) seconds, -60),
                "the BLE scanner at " + location, "no simulated BLE scanner at '" + location + "' (run the ble "
                    + "role with the simulated driver for that location)")
            .map(reply -> "tag " + tag + " in range of " + location + " for " + seconds + " s: "
                + reply.toJson().encode() + "\n");
      }
      default -> throw args.error("cannot simulate '" + what + "': use motion or tag");
    }
  }


  // ---- admit

  private Future<String> admit(List<String> raw) {
    Args args = Args.parse(raw, "admit <visit-id> <person-id|guest name> --event <event-id>", Set.of("--event"),
        Set.of());
    String visitId = name(args, 0, "<visit-id>");
    List<String> who = args.wordsFrom(1);
    if (who.isEmpty()) {
      throw args.error("missing <person-id|guest name>");
    }
    if (args.option("--event") == null) {
      throw args.error("missing --event <event-id>");
    }
    long eventId = args.longOption("--event", 0, 1, Long.MAX_VALUE);
    String joined = String.join(" ", who);
    Long personId = who.size() == 1 && joined.matches("\\d{1,18}") ? Long.valueOf(joined) : null;
    Admit admit;
    try {
      admit = new Admit(visitId, personId, personId == null ? joined : null, eventId, "shell");
    } catch (NanoException e) {
      throw args.error(e.getMessage());
    }
    return bus.request(Addresses.ADMIT, admit, "the controller", CONTROLLER_ABSENT)
        .map(reply -> "admitted " + (personId != null ? "person " + personId : "guest '" + joined + "'")
            + " to visit " + visitId + " for event " + eventId + ": " + reply.toJson().encode() + "\n");
  }

  // ---- status tail

  private Future<String> status(CommandProcess process, List<String> raw) {
    Args args = Args.parse(raw, "status tail [--visit <visit-id>]", Set.of("--visit"), Set.of());
    args.atMost(1);
    String sub = args.word(0, "what to do (tail)");
    if (!sub.equals("tail")) {
      throw args.error("unknown subcommand '" + sub + "'");
    }
    String onlyVisit = args.option("--visit");
    if (onlyVisit != null && !NAME.matcher(onlyVisit).matches()) {
      throw args.error("--visit must be a visit id (1 to 64 letters, digits, '.', '_' or '-'), got '" + onlyVisit
          + "'");
    }
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.STATUS_CHANGED.address(), message -> {
      if (!(message.body() instanceof JsonObject json)) {
        return;
      }
      StatusRecord record;
      try {
        record = StatusRecord.fromJson(json);
      } catch (NanoException e) {
        print(process, "(unreadable status change: " + TerminalText.value(e.getMessage()) + ")\n");
        return;
      }
      if (onlyVisit == null || onlyVisit.equals(record.visitId())) {
        print(process, line(record));
      }
    });
    Future<String> done = Future.future(promise -> process.interruptHandler(v -> {
      consumer.unregister();
      promise.complete("stopped\n");
    }));
    process.endHandler(v -> consumer.unregister());
    return consumer.completion().compose(v -> {
      print(process, "tailing status changes" + (onlyVisit == null ? "" : " of visit " + onlyVisit)
          + "; Ctrl-C to stop\n");
      return done;
    });
  }

  /** A tail's line; a tail suspended with Ctrl-Z skips what happens while it is stopped. */
  private static void print(CommandProcess process, String text) {
    try {
      process.write(text);
    } catch (IllegalStateException stopped) {
      // not running: nothing to print to
    }
  }

  private static String line(StatusRecord r) {
    String subject = r.kind() == StatusRecord.Kind.VISIT ? "visit " + TerminalText.value(r.id())
        : "journey " + TerminalText.value(r.id()) + " (visit " + TerminalText.value(r.visitId()) + ")";
    return r.at() + "  " + subject + "  #" + r.seq() + "  " + TerminalText.value(r.status().wire())
        + (r.reason() == null ? "" : "  (" + TerminalText.value(r.reason()) + ")") + "\n";
  }

  // ---- service

  private Future<String> service(List<String> raw) {
    Args args = Args.parse(raw, "service deploy <role> [--node <node-id>] | service undeploy <role> "
        + "[--node <node-id>]", Set.of("--node"), Set.of());
    args.atMost(2);
    String action = args.word(0, "deploy or undeploy");
    if (!action.equals("deploy") && !action.equals("undeploy")) {
      throw args.error("unknown subcommand '" + action + "': use deploy or undeploy");
    }
    Role role;
    try {
      role = Role.named(args.word(1, "<role>"));
    } catch (NanoException e) {
      throw args.error(e.getMessage());
    }
    String node = args.option("--node") == null ? nodeId : args.option("--node");
    if (!NAME.matcher(node).matches()) {
      throw args.error("--node must be a node id as `nodes` lists it, got '" + node + "'");
    }
    if (action.equals("undeploy") && role == Role.SHELL && node.equals(nodeId)) {
      return Future.failedFuture(NanoException.conflict("undeploying the shell you are typing in would end this "
          + "session; run it from another node's shell, or stop the node"));
    }
    ServiceCommand command = new ServiceCommand(action, role);
    // The node's own timeout bounds the start or the backup; a little more here so its answer arrives.
    Duration wait = serviceTimeout.plus(bus.timeout());
    return bus.request(Addresses.NODE_SERVICE.at(node), command, "node " + node,
            "no node '" + node + "' answers (see `nodes`)", wait)
        .map(reply -> {
          StringBuilder out = new StringBuilder(reply.action()).append(' ').append(role.id())
              .append(" on node ").append(node);
          if (!reply.deploymentIds().isEmpty()) {
            out.append(" (deployment ").append(String.join(",", reply.deploymentIds())).append(')');
          }
          Backup backup = reply.backup();
          if (backup != null) {
            out.append("\nbackup written to ").append(backup.dir());
            if (!backup.tables().isEmpty()) {
              List<String> parts = new ArrayList<>();
              backup.tables().forEach((table, rows) -> parts.add(table + " " + rows));
              out.append(": ").append(String.join(", ", parts)).append(" rows");
            }
          }
          return out.append('\n').toString();
        });
  }
}
