package io.nanoedge.api.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Offset pagination of a list: {@code limit} (1–500, default 50) and {@code offset}. */
public record Page(int limit, int offset) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  public static final Set<String> PARAMS = Set.of("limit", "offset");

  public static Page from(Params params) {
    return new Page(params.optInt("limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        params.optInt("offset", 0, 0, Integer.MAX_VALUE));
  }

  /** The list body: {@code items}, {@code total}, {@code limit}, {@code offset}; the front end adds {@code next}. */
  public JsonObject result(JsonArray items, long total) {
    return new JsonObject().put("items", items).put("total", total).put("limit", limit).put("offset", offset);
  }
}
