package io.nanoedge.api.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The collection operations every top-level resource has (persons, rooms, tags, events). Both front ends
 * (HTTP and CoAP) call these, so validation and storage rules exist once. {@code host} is the person whose
 * events bound the caller (a host signed in to the console), or null for no bound; resources that only admins
 * change and everyone signed in reads ignore it (the front end checked the caller before).
 */
public interface Crud {
  /** The path segment under /api, e.g. {@code persons}. */
  String collection();

  /** A page of items, filtered by the query parameters this resource accepts (others are a 400). */
  Future<JsonObject> list(Map<String, String> query, Long host);

  Future<JsonObject> get(long id, Long host);

  /** Validates and stores a new item; the result has its {@code id}. */
  Future<JsonObject> create(JsonObject body, Long host);

  /** Replaces an item's fields (same rules as create). */
  Future<JsonObject> update(long id, JsonObject body, Long host);

  Future<Void> delete(long id, Long host);
}
