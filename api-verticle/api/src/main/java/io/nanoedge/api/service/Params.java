package io.nanoedge.api.service;

import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Query parameters of a request, checked like body fields: unknown or malformed ones are a named 400. */
public final class Params {
  private final Map<String, String> values;

  private Params(Map<String, String> values) {
    this.values = values;
  }

  public static Params of(Map<String, String> query, Set<String> allowed) {
    for (String name : query.keySet()) {
      if (!allowed.contains(name)) {
        throw NanoException.badRequest("unknown query parameter '" + name + "' (allowed: "
            + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
    return new Params(query);
  }

  public String optString(String name) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  public Long optLong(String name) {
    String v = optString(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw NanoException.badRequest("query parameter '" + name + "' must be an integer");
    }
  }

  public int optInt(String name, int defaultValue, int min, int max) {
    Long v = optLong(name);
    if (v == null) {
      return defaultValue;
    }
    if (v < min || v > max) {
      throw NanoException.badRequest("query parameter '" + name + "' must be between " + min + " and " + max);
    }
    return v.intValue();
  }

  public Instant optInstant(String name) {
    String v = optString(name);
    if (v == null) {
      return null;
    }
    Instant at;
    try {
      at = Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw NanoException.badRequest("query parameter '" + name
          + "' must be an ISO-8601 instant such as 2026-11-28T09:00:00Z");
    }
    // A time the database cannot compare with would fail the query (and pass for an outage): refuse it here.
    if (at.isBefore(Fields.EARLIEST) || !at.isBefore(Fields.LATEST)) {
      throw NanoException.badRequest("query parameter '" + name + "' must be between " + Fields.EARLIEST + " and "
          + Fields.LATEST);
    }
    return at;
  }

  public Instant requireInstant(String name) {
    Instant v = optInstant(name);
    if (v == null) {
      throw NanoException.badRequest("query parameter '" + name + "' is required (ISO-8601 instant)");
    }
    return v;
  }

  /** Path ids are positive integers; anything else names the parameter. */
  public static long id(String name, String raw) {
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // Falls through to the named error below.
    }
    throw NanoException.badRequest("path parameter '" + name + "' must be a positive integer, got '" + raw + "'");
  }
}
