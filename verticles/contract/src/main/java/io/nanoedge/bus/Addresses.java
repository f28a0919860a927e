package io.nanoedge.bus;

/**
 * Every event-bus address of nanoedge, in one place, each with the types of what travels on it. Commands are
 * point-to-point requests that get a typed reply or a failure with an {@link ErrorCode}; facts are published and
 * may be missed by anyone. Per-location and per-node commands append the id: {@code nanoedge.ble.scan.entrance}.
 */
public final class Addresses {
  private Addresses() {
  }

  // ---- presence and scanning

  /** Fact: motion seen by a PIR at a location (entrance corridor, room door, LED path). */
  public static final Fact<Motion> MOTION = Fact.of("nanoedge.presence.motion", Motion::fromJson);

  /** Command per location: the tags the scanner there sees within a window. */
  public static final Command.PerId<ScanRequest, ScanResult> BLE_SCAN =
      Command.perId("nanoedge.ble.scan.", ScanRequest::fromJson, ScanResult::fromJson);

  // ---- the API role

  /** Command: which expected participants do these tag hashes belong to, here and now. */
  public static final Command<AuthenticateRequest, AuthenticateResult> AUTHENTICATE =
      Command.of("nanoedge.api.authenticate", AuthenticateRequest::fromJson, AuthenticateResult::fromJson);

  /** Command: store a status line; idempotent on subject id + sequence. */
  public static final Command<StatusRecord, Stored> STATUS_APPEND =
      Command.of("nanoedge.api.status.append", StatusRecord::fromJson, Stored::fromJson);

  /** Fact: a status line that was stored for the first time. */
  public static final Fact<StatusRecord> STATUS_CHANGED = Fact.of("nanoedge.status.changed", StatusRecord::fromJson);

  /** Command: the documents of an event (metadata), for the room that presents them. */
  public static final Command<EventDocuments.Query, EventDocuments> EVENT_DOCUMENTS =
      Command.of("nanoedge.api.event.documents", EventDocuments.Query::fromJson, EventDocuments::fromJson);

  /** Command: one document's bytes. */
  public static final Command<EventDocuments.ContentQuery, EventDocuments.Content> DOCUMENT_CONTENT =
      Command.of("nanoedge.api.document.content", EventDocuments.ContentQuery::fromJson,
          EventDocuments.Content::fromJson);

  /**
   * Command: where a visitor admitted by hand goes for an event. 404 for an unknown event or person, 409 when the
   * event is not on now or its room is not reached from that entrance.
   */
  public static final Command<EventRoute.Query, EventRoute> EVENT_ROUTE =
      Command.of("nanoedge.api.event.route", EventRoute.Query::fromJson, EventRoute::fromJson);

  /** Command: a visit with its whole status timeline; 404 when the visit is unknown. */
  public static final Command<VisitHistory.Query, VisitHistory> API_VISIT_GET =
      Command.of("nanoedge.api.visit.get", VisitHistory.Query::fromJson, VisitHistory::fromJson);

  /** Command: a backup of every table, written before the api role is undeployed. */
  public static final Command<Backup.Request, Backup> API_BACKUP =
      Command.of("nanoedge.api.backup", Backup.Request::fromJson, Backup::fromJson);

  /**
   * Command: a registered device's credential (kind, location, current key) for a device front; 404 when the
   * identity is unknown or revoked. Served by the API, the only role that holds {@code device.key}.
   */
  public static final Command<DeviceCredential.Query, DeviceCredential> DEVICE_CREDENTIAL =
      Command.of("nanoedge.api.device.credential", DeviceCredential.Query::fromJson, DeviceCredential::fromJson);

  /** Fact: a device's credential was rotated or revoked; fronts drop their cached copy. */
  public static final Fact<DevicesChanged> DEVICES_CHANGED =
      Fact.of("nanoedge.devices.changed", DevicesChanged::fromJson);

  // ---- the controller role

  /** Command: open a visit for motion (or fold it into the visit still scanning there), as /detect does. */
  public static final Command<Motion, Detected> DETECT =
      Command.of("nanoedge.controller.detect", Motion::fromJson, Detected::fromJson);

  /** Command: the host lets a visitor in by hand; the reply is the visit as it now stands. */
  public static final Command<Admit, VisitSummary> ADMIT =
      Command.of("nanoedge.controller.admit", Admit::fromJson, VisitSummary::fromJson);

  /** Command: someone is at a room's door; the reply names the journeys this completed. */
  public static final Command<Arrival, Arrived> ARRIVAL =
      Command.of("nanoedge.controller.arrival", Arrival::fromJson, Arrived::fromJson);

  /** Command: the controller's in-flight visits. */
  public static final Command<VisitList.Query, VisitList> VISITS =
      Command.of("nanoedge.controller.visits", VisitList.Query::fromJson, VisitList::fromJson);

  // ---- LED guidance and the meeting room

  /** Command per LED node: the travelling guide agent's state arrives there. */
  public static final Command.PerId<GuideHop, GuideAt> LED_NODE =
      Command.perId("nanoedge.led.node.", GuideHop::fromJson, GuideAt::fromJson);

  /** Fact: every LED node turns off the named journey's segment. */
  public static final Fact<GuideStop> GUIDE_STOP = Fact.of("nanoedge.guide.stop", GuideStop::fromJson);

  /** Fact: an LED node each time the agent moves there (for logs and the shell). */
  public static final Fact<GuideHop> GUIDE_MOVED = Fact.of("nanoedge.guide.moved", GuideHop::fromJson);

  /** Fact: an LED node's segment changed pattern. */
  public static final Fact<LedChanged> LED_CHANGED = Fact.of("nanoedge.led.changed", LedChanged::fromJson);

  /** Command per room: present the event's documents on the display. */
  public static final Command.PerId<Present, Presented> ROOM_PRESENT =
      Command.perId("nanoedge.room.present.", Present::fromJson, Presented::fromJson);

  /** Command per room: return the display to its idle content. */
  public static final Command.PerId<Idle, Idle.Done> ROOM_IDLE =
      Command.perId("nanoedge.room.idle.", Idle::fromJson, Idle.Done::fromJson);

  // ---- simulated devices, device directory

  /** Command per location (simulated scanners only): put a beacon in range. */
  public static final Command.PerId<SimulatedTag, SimulatedTag.InRange> SIMULATE_TAG =
      Command.perId("nanoedge.simulate.tag.", SimulatedTag::fromJson, SimulatedTag.InRange::fromJson);

  /** Command per location (simulated PIRs only): fire the PIR. */
  public static final Command.PerId<Empty, Empty> SIMULATE_MOTION =
      Command.perId("nanoedge.simulate.motion.", Empty::fromJson, Empty::fromJson);

  /** Fact: a device verticle announcing itself. */
  public static final Fact<DeviceSeen> DEVICE_SEEN = Fact.of("nanoedge.devices.seen", DeviceSeen::fromJson);

  /** Fact: every device verticle announces itself again (a shell that just started asks). */
  public static final Fact<Empty> DEVICES_ANNOUNCE = Fact.of("nanoedge.devices.announce", Empty::fromJson);

  // ---- nodes

  /** Command per node id: the node's roles and uptime (for the shell's {@code nodes} and {@code GET /nodes/<id>}). */
  public static final Command.PerId<Empty, NodeInfo> NODE_INFO =
      Command.perId("nanoedge.node.info.", Empty::fromJson, NodeInfo::fromJson);

  /** Fact: every node agent sends its {@link NodeInfo} to the reply address it names. */
  public static final Fact<NodeInfo.RollCall> NODE_ROLL_CALL =
      Fact.of("nanoedge.node.roll-call", NodeInfo.RollCall::fromJson);

  /** Command per node id: deploy or undeploy a role; 404 role not running, 409 already running. */
  public static final Command.PerId<ServiceCommand, ServiceCommand.Result> NODE_SERVICE =
      Command.perId("nanoedge.node.service.", ServiceCommand::fromJson, ServiceCommand.Result::fromJson);
}
