package io.nanoedge.api.front;

import io.vertx.core.Future;
import java.util.function.Function;

/**
 * One API operation: a method on a path template ({@code /api/events/{id}/documents}), who may call it, and what it
 * does. {@code upload} marks the one whose body is a document (the large body limit) rather than JSON. The HTTP
 * router and the CoAP resource tree are both built from the same list of operations.
 */
public record Operation(String method, String path, Access access, boolean upload,
    Function<ApiRequest, Future<ApiResponse>> handler) {

  public boolean mutation() {
    return !method.equals("GET");
  }
}
