package io.nanoedge.bus;

/**
 * Every event-bus address of nanoedge, in one place. Commands are point-to-point requests that get a
 * reply or a failure with an {@link ErrorCode}; facts are published and may be missed by anyone.
 * Per-location and per-node addresses append the id: {@code nanoedge.ble.scan.entrance}.
 */
public final class Addresses {
  private Addresses() {
  }

  /** Fact: {@link Motion} seen by a PIR at a location (entrance corridor, room door, LED path). */
  public static final String MOTION = "nanoedge.presence.motion";

  /** Command per location: {@link ScanRequest} → {@link ScanResult}. */
  public static final String BLE_SCAN_PREFIX = "nanoedge.ble.scan.";

  /** Command: {@link AuthenticateRequest} → {@link AuthenticateResult}. Served by the API role. */
  public static final String AUTHENTICATE = "nanoedge.api.authenticate";

  /** Command: {@link StatusRecord} → {@code {"stored": bool}}; idempotent on subject id + sequence. */
  public static final String STATUS_APPEND = "nanoedge.api.status.append";

  /** Fact: a {@link StatusRecord} that was stored for the first time. */
  public static final String STATUS_CHANGED = "nanoedge.status.changed";

  /** Command: {@link Motion} → {@code {"visitId", "status"}}: open (or fold into) a visit, as /detect does. */
  public static final String DETECT = "nanoedge.controller.detect";

  /** Command: {@link Admit} → the visit's new state. */
  public static final String ADMIT = "nanoedge.controller.admit";

  /** Command: {@link Arrival} → {@code {"journeys": [...]}} the journeys that this arrival completed. */
  public static final String ARRIVAL = "nanoedge.controller.arrival";

  /** Command: {@code {"active": bool}} → {@code {"visits": [...]}} the controller's in-flight visits. */
  public static final String VISITS = "nanoedge.controller.visits";

  /** Command per LED node: a {@link GuideHop} carrying the travelling guide agent's state. */
  public static final String LED_NODE_PREFIX = "nanoedge.led.node.";

  /** Fact: {@link GuideStop} — every LED node turns off the named journey's segment. */
  public static final String GUIDE_STOP = "nanoedge.guide.stop";

  /** Fact: {@link GuideHop} published by an LED node each time the agent moves (for logs and the shell). */
  public static final String GUIDE_MOVED = "nanoedge.guide.moved";

  /** Command per room: {@link Present} → {@code {"presented": true, "documents": n}}. */
  public static final String ROOM_PRESENT_PREFIX = "nanoedge.room.present.";

  /** Command per room: {@code {"eventId"}} → return the display to its idle content. */
  public static final String ROOM_IDLE_PREFIX = "nanoedge.room.idle.";

  /** Command: {@code {"eventId"}} → {@code {"documents": [{"id", "name", "mediaType", "size"}]}}. API role. */
  public static final String EVENT_DOCUMENTS = "nanoedge.api.event.documents";

  /** Command: {@code {"eventId", "documentId"}} → {@code {"name", "mediaType", "data": base64}}. API role. */
  public static final String DOCUMENT_CONTENT = "nanoedge.api.document.content";

  /** Command per location (simulated drivers only): {@code {"tag", "seconds"}} puts a beacon in range. */
  public static final String SIMULATE_TAG_PREFIX = "nanoedge.simulate.tag.";

  /** Command per location (simulated drivers only): {@code {}} fires the PIR. */
  public static final String SIMULATE_MOTION_PREFIX = "nanoedge.simulate.motion.";

  /** Fact: {@code {"node", "kind", "id", "driver", "location"}} — a device verticle announcing itself. */
  public static final String DEVICE_SEEN = "nanoedge.devices.seen";

  /** Command per node id: {@code {}} → the node's roles, verticles and devices (for the shell). */
  public static final String NODE_INFO_PREFIX = "nanoedge.node.info.";

  public static String bleScan(String location) {
    return BLE_SCAN_PREFIX + location;
  }

  public static String ledNode(String nodeId) {
    return LED_NODE_PREFIX + nodeId;
  }

  public static String roomPresent(String roomId) {
    return ROOM_PRESENT_PREFIX + roomId;
  }

  public static String roomIdle(String roomId) {
    return ROOM_IDLE_PREFIX + roomId;
  }

  public static String simulateTag(String location) {
    return SIMULATE_TAG_PREFIX + location;
  }

  public static String simulateMotion(String location) {
    return SIMULATE_MOTION_PREFIX + location;
  }

  public static String nodeInfo(String nodeId) {
    return NODE_INFO_PREFIX + nodeId;
  }

  // ---- devices (issue 5)

  /** Fact: {@code {"node", "pattern", "journeys", "driver", "at"}} — an LED node's segment changed pattern. */
  public static final String LED_CHANGED = "nanoedge.led.changed";

  // ---- controller (issue 4)

  /**
   * Command: {@code {"eventId", "location", "personId"?}} → {@code {"eventId", "eventTitle", "roomId",
   * "roomLocation", "ledPath", "personName"?}}: where a visitor admitted by hand at {@code location} must
   * go for the event. Served by the API role; fails 404 for an unknown event or person, 409 when the event
   * is not on now or its room is not reached from that entrance.
   */
  public static final String EVENT_ROUTE = "nanoedge.api.event.route";

  // ---- shell and operations (issue 6)

  /** Fact: {@code {"replyTo"}} — every node agent sends its node info (the {@link #NODE_INFO_PREFIX} reply) there. */
  public static final String NODE_ROLL_CALL = "nanoedge.node.roll-call";

  /**
   * Command per node id: {@code {"action": "deploy"|"undeploy", "role"}} →
   * {@code {"node", "role", "action", "deploymentIds": [...], "backup"?}}; 404 role not running, 409 already running.
   */
  public static final String NODE_SERVICE_PREFIX = "nanoedge.node.service.";

  /**
   * Command: {@code {"visitId"}} → {@code {"visit": {...}, "timeline": [StatusRecord...]}} (timeline ordered by
   * time, visit and journey records together); 404 when the visit is unknown. API role.
   */
  public static final String API_VISIT_GET = "nanoedge.api.visit.get";

  /**
   * Command: {@code {"reason"}} → {@code {"dir", "tables": {"<table>": rows}}}: the API writes every table to a new
   * directory under backup.dir and replies when the files are complete. Sent before the api role is undeployed.
   */
  public static final String API_BACKUP = "nanoedge.api.backup";

  /** Fact: {@code {}} — every device verticle publishes its {@link #DEVICE_SEEN} again (a shell that just started). */
  public static final String DEVICES_ANNOUNCE = "nanoedge.devices.announce";

  public static String nodeService(String nodeId) {
    return NODE_SERVICE_PREFIX + nodeId;
  }
}
