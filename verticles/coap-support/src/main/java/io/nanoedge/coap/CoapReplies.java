package io.nanoedge.coap;

import io.nanoedge.bus.ErrorCode;
import io.vertx.core.json.JsonObject;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;

/**
 * The CoAP side of nanoedge's one error vocabulary: a failure becomes the CoAP code its {@link ErrorCode} maps to
 * and the same {@code {"error", "message"}} body HTTP answers with; an unexpected one says only "internal error".
 */
public final class CoapReplies {
  private CoapReplies() {
  }

  /** A JSON response with {@code code}. */
  public static Response json(ResponseCode code, String body) {
    Response response = new Response(code);
    response.setPayload(body);
    response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
    return response;
  }

  public static ResponseCode code(ErrorCode error) {
    return ResponseCode.valueOf(error.coapCode());
  }

  public static Response error(ErrorCode code, String message) {
    return json(code(code), new JsonObject().put("error", code.id()).put("message", message).encode());
  }

  /** Any failure as a response; the message of an unexpected one stays in the node's log. */
  public static Response failure(Throwable t) {
    ErrorCode code = ErrorCode.of(t);
    return error(code, code == ErrorCode.INTERNAL ? "internal error" : ErrorCode.messageOf(t));
  }
}
