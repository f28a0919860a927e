package io.nanoedge.api.service;

import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Checked string fields of a request body ({@link Fields#text}: the database would otherwise refuse them late). */
final class Texts {
  private Texts() {
  }

  static String require(JsonObject json, String field, int max) {
    return check(field, Fields.requireString(json, field).strip(), max);
  }

  static String optional(JsonObject json, String field, int max) {
    String v = Fields.optString(json, field);
    return v == null || v.isBlank() ? null : check(field, v.strip(), max);
  }

  static List<String> list(JsonObject json, String field, int maxItems, int maxLength) {
    List<String> items = Fields.stringList(json, field, false);
    if (items.size() > maxItems) {
      throw NanoException.badRequest("field '" + field + "' has more than " + maxItems + " items");
    }
    for (int i = 0; i < items.size(); i++) {
      check(field + "[" + i + "]", items.get(i), maxLength);
    }
    return items;
  }

  /** The contract's one rule for stored text: at most {@code max} characters, no control characters. */
  static String check(String field, String value, int max) {
    return Fields.text(value, field, max);
  }
}
