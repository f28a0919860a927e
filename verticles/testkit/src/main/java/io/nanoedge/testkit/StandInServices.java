package io.nanoedge.testkit;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.AuthenticateResult;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.DeviceKind;
import io.nanoedge.bus.DevicePsk;
import io.nanoedge.bus.DevicesChanged;
import io.nanoedge.bus.EventRoute;
import io.nanoedge.bus.GuideAt;
import io.nanoedge.bus.GuideHop;
import io.nanoedge.bus.GuideStop;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Participant;
import io.nanoedge.bus.Present;
import io.nanoedge.bus.Presented;
import io.nanoedge.bus.ScanResult;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.Stored;
import io.nanoedge.bus.TagHash;
import io.nanoedge.bus.TagSighting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Event-bus stand-ins for the API and the devices around the controller, so the workflow runs end to end
 * before the real API and device verticles are wired in: a status log that stores each (subject, seq)
 * once and refuses gaps, tag authentication for the seed's meeting, scanners whose tags in range a test
 * sets, LED nodes and a room that acknowledge. Thread-safe for assertions from the test thread.
 */
public final class StandInServices {
  public static final TagHash TAGS = new TagHash("stand-in-tag-key-0123456789");
  public static final String ENTRANCE = "entrance";
  public static final String ROOM = "room-r";
  public static final List<String> PATH = List.of("corridor-1", "corridor-2");
  public static final long EVENT = 7;
  public static final String BOB_TAG = "AA:BB:CC:00:00:01";
  public static final String CARL_TAG = "AA:BB:CC:00:00:02";
  public static final String STRANGER_TAG = "AA:BB:CC:00:00:99";
  /** Derives the stand-in API's device keys, as {@code device.key} does on the real one. */
  public static final DevicePsk DEVICE_KEYS = new DevicePsk("stand-in-device-key-0123456789");

  private final Vertx vertx;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final Map<String, List<StatusRecord>> log = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> inRange = new ConcurrentHashMap<>();
  private final Map<String, Participant> participants = new ConcurrentHashMap<>();
  private final List<GuideHop> hops = new CopyOnWriteArrayList<>();
  private final List<GuideStop> stops = new CopyOnWriteArrayList<>();
  private final List<Present> presents = new CopyOnWriteArrayList<>();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final Map<String, DeviceCredential> devices = new ConcurrentHashMap<>();
  private final AtomicInteger credentialQueries = new AtomicInteger();
  private volatile boolean statusLogDown;

  public StandInServices(Vertx vertx) {
    this.vertx = vertx;
    participants.put(TAGS.hash(BOB_TAG), participant(TAGS.hash(BOB_TAG), 2, "Bob"));
    participants.put(TAGS.hash(CARL_TAG), participant(TAGS.hash(CARL_TAG), 3, "Carl"));
  }

  /** Makes a tag known as a participant of the seed's meeting. */
  public void register(String tag, long personId, String name) {
    participants.put(TAGS.hash(tag), participant(TAGS.hash(tag), personId, name));
  }

  private static Participant participant(String hash, long personId, String name) {
    return new Participant(hash, personId, name, EVENT, "Alice's meeting", 1, ROOM, PATH);
  }

  /** Registers a device as the API would (generation 1) and returns its key. */
  public byte[] device(String id, DeviceKind kind, String location) {
    byte[] key = DEVICE_KEYS.derive(id, 1);
    devices.put(id, new DeviceCredential(id, kind, location, Base64.getEncoder().encodeToString(key)));
    return key;
  }

  /** Revokes a device as the API would: its credential is no longer served, and fronts are told. */
  public void revokeDevice(String id) {
    devices.remove(id);
    Bus.publish(vertx.eventBus(), Addresses.DEVICES_CHANGED, new DevicesChanged(id));
  }

  /** How many times a front asked for a device credential. */
  public int credentialQueries() {
    return credentialQueries.get();
  }

  /** Registers the API stand-ins (status log, authentication, event routes, device credentials). */
  public Future<Void> api() {
    consumers.add(Bus.serve(vertx.eventBus(), Addresses.STATUS_APPEND, r -> {
      if (statusLogDown) {
        refused.incrementAndGet();
        return Future.failedFuture(NanoException.unavailable("stand-in status log is down"));
      }
      List<StatusRecord> subject = log.computeIfAbsent(r.id(), k -> new CopyOnWriteArrayList<>());
      synchronized (subject) {
        if (r.seq() <= subject.size()) {
          duplicates.incrementAndGet();
          return Future.succeededFuture(new Stored(false));
        }
        if (r.seq() != subject.size() + 1) {
          return Future.failedFuture(NanoException.conflict("gap: " + r.id() + " has " + subject.size()
              + " records, got seq " + r.seq()));
        }
        subject.add(r);
      }
      Bus.publish(vertx.eventBus(), Addresses.STATUS_CHANGED, r);
      return Future.succeededFuture(new Stored(true));
    }));
    consumers.add(Bus.serve(vertx.eventBus(), Addresses.AUTHENTICATE, req -> {
      List<Participant> matches = req.hashes().stream().filter(participants::containsKey).map(participants::get)
          .toList();
      List<String> unknown = req.hashes().stream().filter(h -> !participants.containsKey(h)).toList();
      return Future.succeededFuture(new AuthenticateResult(matches, unknown));
    }));
    consumers.add(Bus.serve(vertx.eventBus(), Addresses.DEVICE_CREDENTIAL, query -> {
      credentialQueries.incrementAndGet();
      DeviceCredential device = devices.get(query.identity());
      return device == null ? Future.failedFuture(NanoException.notFound("no device " + query.identity()))
          : Future.succeededFuture(device);
    }));
    consumers.add(Bus.serve(vertx.eventBus(), Addresses.EVENT_ROUTE, query -> {
      if (query.eventId() != EVENT) {
        return Future.failedFuture(NanoException.notFound("no event " + query.eventId()));
      }
      return Future.succeededFuture(new EventRoute(EVENT, "Alice's meeting", 1, ROOM, PATH, ""));
    }));
    return Future.succeededFuture();
  }

  /** Registers a scanner at {@code location} that answers after its window with the tags in range. */
  public Future<Void> scanner(String location) {
    consumers.add(Bus.serve(vertx.eventBus(), Addresses.BLE_SCAN.at(location), req -> {
      Promise<ScanResult> reply = Promise.promise();
      vertx.setTimer(Math.max(1, req.windowMs()), id -> reply.complete(new ScanResult(location,
          inRange.getOrDefault(location, Set.of()).stream().map(t -> new TagSighting(TAGS.hash(t), -60)).toList())));
      return reply.future();
    }));
    return Future.succeededFuture();
  }

  /** Registers a scanner at {@code location} that takes every request and never answers. */
  public Future<Void> silentScanner(String location) {
    consumers.add(vertx.eventBus().consumer(Addresses.BLE_SCAN.at(location).address(), message -> { }));
    return Future.succeededFuture();
  }

  /** Registers the LED nodes of the path and the room. */
  public Future<Void> devices() {
    for (String node : PATH) {
      consumers.add(Bus.serve(vertx.eventBus(), Addresses.LED_NODE.at(node), hop -> {
        hops.add(hop);
        return Future.succeededFuture(new GuideAt(node, hop.journeyId(), hop.position(), false));
      }));
    }
    consumers.add(Bus.subscribe(vertx.eventBus(), Addresses.GUIDE_STOP, stops::add));
    consumers.add(Bus.serve(vertx.eventBus(), Addresses.ROOM_PRESENT.at(ROOM), present -> {
      presents.add(present);
      return Future.succeededFuture(new Presented(true, 2));
    }));
    return Future.succeededFuture();
  }

  public void inRange(String location, String... tags) {
    inRange.put(location, Set.of(tags));
  }

  public void statusLogDown(boolean down) {
    statusLogDown = down;
  }

  /** The stored statuses of a subject, in sequence order, as wire text. */
  public List<String> statuses(String subjectId) {
    return log.getOrDefault(subjectId, List.of()).stream().map(r -> r.status().wire()).toList();
  }

  public List<StatusRecord> records(String subjectId) {
    return List.copyOf(log.getOrDefault(subjectId, List.of()));
  }

  public Map<String, List<StatusRecord>> log() {
    return Map.copyOf(log);
  }

  /** Journey ids stored for a visit. */
  public List<String> journeysOf(String visitId) {
    return log.values().stream().flatMap(List::stream)
        .filter(r -> r.kind() == StatusRecord.Kind.JOURNEY && r.visitId().equals(visitId))
        .map(StatusRecord::id).distinct().sorted().collect(Collectors.toList());
  }

  public boolean terminal(String subjectId) {
    List<StatusRecord> records = log.getOrDefault(subjectId, List.of());
    if (records.isEmpty()) {
      return false;
    }
    Status last = records.get(records.size() - 1).status();
    return last.failure() || last == Status.PRESENTED || last == Status.GUIDED
        || (records.get(0).kind() == StatusRecord.Kind.VISIT && last == Status.AUTHENTICATED);
  }

  /** Appends refused while the status log was down (the controller keeps retrying them). */
  public int refusedAppends() {
    return refused.get();
  }

  /** Appends of a record already stored (re-sent after a lost reply or a takeover). */
  public int duplicateAppends() {
    return duplicates.get();
  }

  public List<GuideHop> hops() {
    return List.copyOf(hops);
  }

  public List<GuideStop> stops() {
    return List.copyOf(stops);
  }

  public List<Present> presents() {
    return List.copyOf(presents);
  }

  public Future<Void> close() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }
}
