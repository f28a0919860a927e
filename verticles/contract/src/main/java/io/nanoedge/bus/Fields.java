package io.nanoedge.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates fields of a JSON message body. Every failure is a 400 {@link NanoException}
 * whose message names the field, so a sender learns exactly what it got wrong. The rules of what may be stored are
 * here too ({@link #id}, {@link #text}, {@link #inRange}, {@link #storable}), once for the bus and the API, with the
 * lengths of the database's columns: what passes here is never refused by the database later.
 */
public final class Fields {
  /** Ids that become parts of event-bus addresses or DTLS identities: locations, nodes, devices, visits. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /** The longest id (VARCHAR(64) columns). */
  public static final int MAX_ID = 64;
  /** A person's or guest's name, a label (VARCHAR(100) columns: persons.name, visits.guest_name, tags.label). */
  public static final int MAX_NAME = 100;
  /** A title, a file name, an e-mail address (VARCHAR(200) columns). */
  public static final int MAX_TITLE = 200;
  /** A NOT status's reason (status_log.reason VARCHAR(500)). */
  public static final int MAX_REASON = 500;
  /** Tag hashes one scan, authentication or arrival may carry: a crowd at a door, not a flood. */
  public static final int MAX_TAGS = 200;
  /** A status line's data as stored (status_log.data TEXT: 65,535 bytes), with room to spare. */
  public static final int MAX_DATA_BYTES = 60_000;
  /** Times people enter (events, calendar windows): a product range well inside what the database stores. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
  /** What a DATETIME column holds (MariaDB: 1000-01-01 to 9999-12-31); outside it a time is stored as zero. */
  private static final Instant STORABLE_FROM = Instant.parse("1000-01-01T00:00:00Z");
  private static final Instant STORABLE_TO = Instant.parse("9999-12-31T23:59:59Z");

  private Fields() {
  }

  /**
   * A location, node, device or visit id: 1 to 64 letters, digits, '.', '_' or '-' (it becomes part of an address
   * and fills a VARCHAR(64) column), else a 400 naming {@code field}.
   */
  public static String id(String value, String field) {
    nonBlank(value, field);
    if (!ID.matcher(value).matches()) {
      throw NanoException.badRequest("field '" + field + "' must be 1 to " + MAX_ID
          + " letters, digits, '.', '_' or '-'");
    }
    return value;
  }

  /** A location id (an entrance, a room's door, a spot on an LED path): the rules of {@link #id}. */
  public static String location(String value, String field) {
    return id(value, field);
  }

  /**
   * Free text for a column of {@code max} characters: at most that many (counted as the database counts them, by
   * code point) and no control characters (they would reach terminals and logs as escape sequences). Null passes.
   */
  public static String text(String value, String field, int max) {
    if (value == null) {
      return null;
    }
    if (value.codePointCount(0, value.length()) > max) {
      throw NanoException.badRequest("field '" + field + "' must be at most " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      // CONTROL covers C0, DEL and C1 (U+0080..U+009F: the 8-bit CSI of terminals).
      if (Character.getType(value.charAt(i)) == Character.CONTROL) {
        throw NanoException.badRequest("field '" + field + "' must not contain control characters");
      }
    }
    return value;
  }

  /**
   * Explanatory text our own code composes, partly from others' words (a device's error message in a NOT reason):
   * control characters become spaces and it is cut to {@code max} code points, so it is never a reason to refuse
   * the record that carries it. Null passes.
   */
  public static String clean(String value, int max) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), max));
    int count = 0;
    for (int i = 0; i < value.length() && count < max; count++) {
      int cp = value.codePointAt(i);
      out.appendCodePoint(Character.getType(cp) == Character.CONTROL ? ' ' : cp);
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /** A time people enter (an event's start, a calendar window): from {@link #EARLIEST} to {@link #LATEST}. */
  public static Instant inRange(Instant value, String field) {
    if (value != null && (value.isBefore(EARLIEST) || !value.isBefore(LATEST))) {
      throw NanoException.badRequest("field '" + field + "' must be between " + EARLIEST + " and " + LATEST);
    }
    return value;
  }

  /**
   * A time a machine's clock gives (a motion, a status line): one a DATETIME column can hold (1000-01-01 to
   * 9999-12-31), else a named 400. Not held to 2000..2100: a device without a time source reports 1970, and its
   * motion must still open a visit; only a time the database would store as a zero date is refused.
   */
  public static Instant storable(Instant value, String field) {
    if (value != null && (value.isBefore(STORABLE_FROM) || value.isAfter(STORABLE_TO))) {
      throw NanoException.badRequest("field '" + field + "' must be between " + STORABLE_FROM + " and "
          + STORABLE_TO);
    }
    return value;
  }

  /**
   * The attributes a status line carries to the read side ({@code location}, {@code guestName}, ids…), checked
   * against the columns they fill, and the whole within what {@code status_log.data} holds.
   */
  public static JsonObject statusData(JsonObject data) {
    JsonObject copy = data == null ? new JsonObject() : data.copy();
    String location = optString(copy, "location");
    if (location != null) {
      location(location, "data.location");
    }
    text(optString(copy, "guestName"), "data.guestName", MAX_NAME);
    text(optString(copy, "admittedBy"), "data.admittedBy", MAX_NAME);
    text(optString(copy, "source"), "data.source", MAX_ID);
    optLong(copy, "personId");
    optLong(copy, "eventId");
    optLong(copy, "roomId");
    if (copy.encode().getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
      throw NanoException.badRequest("field 'data' must be at most " + MAX_DATA_BYTES + " bytes as JSON");
    }
    return copy;
  }

  /** A list of tag hashes: each a valid hash, at most {@link #MAX_TAGS}, else a 400 naming {@code field}. */
  public static List<String> tagHashes(List<String> hashes, String field) {
    if (hashes.size() > MAX_TAGS) {
      throw NanoException.badRequest("field '" + field + "' may hold at most " + MAX_TAGS + " tag hashes");
    }
    return TagHash.requireAllValid(hashes, field);
  }

  public static JsonObject body(Object raw) {
    if (raw instanceof JsonObject json) {
      return json;
    }
    throw NanoException.badRequest("body must be a JSON object, got "
        + (raw == null ? "nothing" : raw.getClass().getSimpleName()));
  }

  /** Rejects fields other than {@code allowed}, so a typo is an error instead of a silent default. */
  public static void onlyKnown(JsonObject json, Set<String> allowed) {
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        throw NanoException.badRequest("unknown field '" + name + "'");
      }
    }
  }

  /** Checks a record component: non-null and not blank, else a 400 naming {@code field}. */
  public static String nonBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw NanoException.badRequest("field '" + field + "' is required and must be a non-empty string");
    }
    return value;
  }

  public static String requireString(JsonObject json, String field) {
    return nonBlank(optString(json, field), field);
  }

  public static String optString(JsonObject json, String field) {
    return typed(json, field, String.class, "a string");
  }

  /** The field when it is a {@code type}, null when absent; otherwise a 400 saying it must be {@code what}. */
  private static <T> T typed(JsonObject json, String field, Class<T> type, String what) {
    Object value = json.getValue(field);
    if (value != null && !type.isInstance(value)) {
      throw NanoException.badRequest("field '" + field + "' must be " + what);
    }
    return type.cast(value);
  }

  public static long requireLong(JsonObject json, String field) {
    Long value = optLong(json, field);
    if (value == null) {
      throw NanoException.badRequest("field '" + field + "' is required and must be an integer");
    }
    return value;
  }

  public static Long optLong(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw NanoException.badRequest("field '" + field + "' must be an integer");
  }

  public static int requireInt(JsonObject json, String field, int min, int max) {
    long value = requireLong(json, field);
    return checkRange(field, value, min, max);
  }

  public static int optInt(JsonObject json, String field, int defaultValue, int min, int max) {
    Long value = optLong(json, field);
    return value == null ? defaultValue : checkRange(field, value, min, max);
  }

  private static int checkRange(String field, long value, int min, int max) {
    if (value < min || value > max) {
      throw NanoException.badRequest("field '" + field + "' must be between " + min + " and " + max);
    }
    return (int) value;
  }

  public static boolean optBoolean(JsonObject json, String field, boolean defaultValue) {
    Boolean value = typed(json, field, Boolean.class, "true or false");
    return value == null ? defaultValue : value;
  }

  public static Instant requireInstant(JsonObject json, String field) {
    Instant value = optInstant(json, field);
    if (value == null) {
      throw NanoException.badRequest("field '" + field + "' is required (ISO-8601 instant, e.g. 2026-11-28T09:00:00Z)");
    }
    return value;
  }

  public static Instant optInstant(JsonObject json, String field) {
    String text = optString(json, field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw NanoException.badRequest("field '" + field + "' must be an ISO-8601 instant such as 2026-11-28T09:00:00Z");
    }
  }

  public static JsonObject optObject(JsonObject json, String field) {
    return typed(json, field, JsonObject.class, "a JSON object");
  }

  public static JsonArray optArray(JsonObject json, String field) {
    return typed(json, field, JsonArray.class, "a JSON array");
  }

  public static JsonArray requireArray(JsonObject json, String field) {
    JsonArray value = optArray(json, field);
    if (value == null) {
      throw NanoException.badRequest("field '" + field + "' is required and must be a JSON array");
    }
    return value;
  }

  public static List<String> stringList(JsonObject json, String field, boolean required) {
    JsonArray array = required ? requireArray(json, field) : optArray(json, field);
    List<String> out = new ArrayList<>();
    if (array == null) {
      return List.copyOf(out);
    }
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String s) || s.isBlank()) {
        throw NanoException.badRequest("field '" + field + "[" + i + "]' must be a non-empty string");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  /** Reads an array of objects, each decoded by {@code decoder}; errors name the element. */
  public static <T> List<T> objectList(JsonObject json, String field, boolean required,
      java.util.function.Function<JsonObject, T> decoder) {
    JsonArray array = required ? requireArray(json, field) : optArray(json, field);
    List<T> out = new ArrayList<>();
    if (array == null) {
      return List.copyOf(out);
    }
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof JsonObject o)) {
        throw NanoException.badRequest("field '" + field + "[" + i + "]' must be a JSON object");
      }
      try {
        out.add(decoder.apply(o));
      } catch (NanoException e) {
        throw NanoException.badRequest(field + "[" + i + "]: " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  public static JsonArray toArray(List<?> items) {
    return new JsonArray(new ArrayList<>(items));
  }
}
