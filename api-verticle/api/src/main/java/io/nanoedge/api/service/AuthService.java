package io.nanoedge.api.service;

import io.nanoedge.api.db.Database;
import io.nanoedge.bus.AuthenticateRequest;
import io.nanoedge.bus.AuthenticateResult;
import io.nanoedge.bus.Participant;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tag authentication for the workflow: which of the hashes seen at a location belong to the host or a
 * participant of a scheduled event whose room is reached from that location (an entrance of the room, or
 * the room's own door), from {@code lead} before its start until its end.
 */
public final class AuthService {
  private final Database db;
  private final Duration lead;

  public AuthService(Database db, Duration lead) {
    this.db = db;
    this.lead = lead;
  }

  public Future<AuthenticateResult> authenticate(AuthenticateRequest request) {
    List<String> hashes = List.copyOf(new LinkedHashSet<>(request.hashes()));
    if (hashes.isEmpty()) {
      return Future.succeededFuture(new AuthenticateResult(List.of(), List.of()));
    }
    String marks = hashes.stream().map(h -> "?").collect(Collectors.joining(","));
    List<Object> args = new ArrayList<>(hashes);
    args.add(request.location());
    args.add(request.location());
    args.add(Rows.db(request.at().plus(lead)));
    args.add(Rows.db(request.at()));
    String sql = "SELECT t.hash, p.id AS person_id, p.name, e.id AS event_id, e.title, r.id AS room_id, "
        + "r.location, r.led_path FROM tags t JOIN persons p ON p.id = t.person_id "
        + "JOIN events e ON (e.host_id = p.id OR EXISTS (SELECT 1 FROM event_participants ep "
        + "WHERE ep.event_id = e.id AND ep.person_id = p.id)) "
        + "JOIN rooms r ON r.id = e.room_id "
        + "WHERE t.active = TRUE AND t.hash IN (" + marks + ") "
        + "AND (r.location = ? OR EXISTS (SELECT 1 FROM room_entrances re "
        + "WHERE re.room_id = r.id AND re.location = ?)) "
        + "AND e.state = 'scheduled' AND e.starts_at <= ? AND e.ends_at > ? ORDER BY e.starts_at, e.id";
    return db.run(client -> client.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> {
      Map<String, Participant> first = new LinkedHashMap<>();
      rows.forEach(r -> first.putIfAbsent(r.getString("hash"), new Participant(r.getString("hash"),
          r.getLong("person_id"), r.getString("name"), r.getLong("event_id"), r.getString("title"),
          r.getLong("room_id"), r.getString("location"), RoomService.ledPath(r))));
      List<String> unknown = hashes.stream().filter(h -> !first.containsKey(h)).toList();
      return new AuthenticateResult(List.copyOf(first.values()), unknown);
    }));
  }
}
