package io.nanoedge.api.front;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A request as both front ends see it once the transport is stripped: HTTP and CoAP build one of these,
 * so body rules (JSON only, size limit, malformed input) are enforced in one place.
 *
 * @param caller who the front end proved the peer to be, before it read the body
 */
public record ApiRequest(String method, Map<String, String> pathParams, Map<String, String> query, Buffer body,
    String contentType, Caller caller, int maxJsonBytes) {

  public String path(String name) {
    return pathParams.get(name);
  }

  /** The body as a JSON object: 415 unless it is declared JSON, 413 above the limit, 400 if malformed. */
  public JsonObject json() {
    if (body == null || body.length() == 0) {
      throw NanoException.badRequest("a JSON object body is required");
    }
    if (!"application/json".equals(contentType)) {
      throw new NanoException(ErrorCode.UNSUPPORTED_MEDIA, "the body must be application/json"
          + (contentType == null ? " (no content type given)" : ", got " + contentType));
    }
    if (body.length() > maxJsonBytes) {
      throw new NanoException(ErrorCode.TOO_LARGE, "a JSON body may have at most " + maxJsonBytes + " bytes");
    }
    Object parsed;
    try {
      parsed = body.toJsonValue();
    } catch (DecodeException e) {
      throw NanoException.badRequest("malformed JSON: " + firstLine(e.getMessage()));
    }
    if (!(parsed instanceof JsonObject object)) {
      throw NanoException.badRequest("the body must be a JSON object");
    }
    return object;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "cannot parse";
    }
    int cut = message.indexOf('\n');
    String line = cut < 0 ? message : message.substring(0, cut);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
