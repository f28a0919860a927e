package io.nanoedge.api.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The collection operations every top-level resource has (persons, rooms, tags, events). Both front ends
 * (HTTP and CoAP) call these, so validation and storage rules exist once.
 */
public interface Crud {
  /** The path segment under /api, e.g. {@code persons}. */
  String collection();

  /** A page of items, filtered by the query parameters this resource accepts (others are a 400). */
  Future<JsonObject> list(Map<String, String> query);

  Future<JsonObject> get(long id);

  /** Validates and stores a new item; the result has its {@code id}. */
  Future<JsonObject> create(JsonObject body);

  /** Replaces an item's fields (same rules as create). */
  Future<JsonObject> update(long id, JsonObject body);

  Future<Void> delete(long id);
}
