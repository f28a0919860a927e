package io.nanoedge.api.front;

import io.nanoedge.bus.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A response before it is put on a transport: an HTTP-style status, a JSON body or bytes with a media
 * type, and the path of a created item. Each front end maps the status to its own codes.
 */
public record ApiResponse(int status, JsonObject json, Buffer bytes, String mediaType, String location) {

  public static ApiResponse ok(JsonObject json) {
    return new ApiResponse(200, json, null, null, null);
  }

  public static ApiResponse created(JsonObject json, String location) {
    return new ApiResponse(201, json, null, null, location);
  }

  public static ApiResponse deleted() {
    return new ApiResponse(204, null, null, null, null);
  }

  public static ApiResponse bytes(Buffer bytes, String mediaType) {
    return new ApiResponse(200, null, bytes, mediaType, null);
  }

  public static ApiResponse error(ErrorCode code, String message) {
    return new ApiResponse(code.status(), new JsonObject().put("error", code.id()).put("message", message),
        null, null, null);
  }

  public boolean failed() {
    return status >= 400;
  }
}
