package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.EventRoute;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a visitor admitted by hand goes: the event's room, reached from the entrance where the visit was
 * detected. The same rule as tag authentication decides whether the event may be joined now (scheduled,
 * from {@code lead} before its start until its end) and from where (an entrance of the room or its own
 * door), so a hand admission cannot send anyone where a tag would not be let in.
 */
public final class RouteService {
  private final Database db;
  private final Duration lead;

  public RouteService(Database db, Duration lead) {
    this.db = db;
    this.lead = lead;
  }

  /**
   * The route to an event's room; 404 unknown event or person, 409 event not on at {@code now} or its room not
   * reached from the location.
   */
  public Future<EventRoute> route(EventRoute.Query request, Instant now) {
    long eventId = request.eventId();
    String location = RoomService.locationId("location", request.location());
    Long personId = request.personId();
    String sql = "SELECT e.id, e.title, e.state, e.starts_at, e.ends_at, r.id AS room_id, r.location, r.led_path, "
        + "(r.location = ? OR EXISTS (SELECT 1 FROM room_entrances re WHERE re.room_id = r.id AND re.location = ?)) "
        + "AS reached FROM events e JOIN rooms r ON r.id = e.room_id WHERE e.id = ?";
    return db.run(client -> client.preparedQuery(sql).execute(Tuple.of(location, location, eventId))
        .compose(rows -> {
          Row event = Rows.first(rows);
          if (event == null) {
            throw NanoException.notFound("no event " + eventId);
          }
          EventRoute route = new EventRoute(eventId, event.getString("title"), event.getLong("room_id"),
              event.getString("location"), RoomService.ledPath(event), "");
          if (personId == null) {
            check(event, location, now);
            return Future.succeededFuture(route);
          }
          // Unknown things (404) are reported before a wrong moment or place (409).
          return client.preparedQuery("SELECT name FROM persons WHERE id = ?").execute(Tuple.of(personId))
              .map(persons -> {
                Row person = Rows.first(persons);
                if (person == null) {
                  throw NanoException.notFound("no person " + personId);
                }
                check(event, location, now);
                return new EventRoute(route.eventId(), route.eventTitle(), route.roomId(), route.roomLocation(),
                    route.ledPath(), person.getString("name"));
              });
        }));
  }

  private void check(Row event, String location, Instant now) {
    long id = event.getLong("id");
    if (!"scheduled".equals(event.getString("state"))) {
      throw NanoException.conflict("event " + id + " is " + event.getString("state"));
    }
    Instant start = Rows.instant(event.getLocalDateTime("starts_at"));
    Instant end = Rows.instant(event.getLocalDateTime("ends_at"));
    if (now.isBefore(start.minus(lead)) || !now.isBefore(end)) {
      throw NanoException.conflict("event " + id + " is not on now: it runs " + start + " to " + end
          + " and can be joined from " + lead.toMinutes() + " minutes before its start");
    }
    if (!Rows.bool(event, "reached")) {
      throw NanoException.conflict("the room of event " + id + " (" + event.getString("location")
          + ") is not reached from " + location);
    }
  }
}
