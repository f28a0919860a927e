package io.nanoedge.api.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.bus.ErrorCode;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The body rules both fronts share, without a server: JSON only (415), a size limit (413), well formed (400). */
class ApiRequestTest {
  private static ApiRequest request(String body, String contentType) {
    return new ApiRequest("POST", Map.of(), Map.of(), body == null ? null : Buffer.buffer(body), contentType,
        new Caller.Admin("test"), 16);
  }

  private static void fails(ApiRequest request, ErrorCode code, String message) {
    assertThatThrownBy(request::json).hasMessageContaining(message)
        .satisfies(e -> assertThat(ErrorCode.of(e)).isEqualTo(code));
  }

  @Test
  void aJsonObjectBodyIsRead() {
    assertThat(request("{\"a\":1}", "application/json").json().getInteger("a")).isEqualTo(1);
  }

  @Test
  void everyBadBodyHasItsOwnCode() {
    fails(request(null, "application/json"), ErrorCode.BAD_REQUEST, "a JSON object body is required");
    fails(request("{}", "text/plain"), ErrorCode.UNSUPPORTED_MEDIA, "must be application/json, got text/plain");
    fails(request("{\"a\":\"0123456789abcdef\"}", "application/json"), ErrorCode.TOO_LARGE, "at most 16 bytes");
    fails(request("{\"a\":", "application/json"), ErrorCode.BAD_REQUEST, "malformed JSON");
    fails(request("[1]", "application/json"), ErrorCode.BAD_REQUEST, "must be a JSON object");
  }
}
