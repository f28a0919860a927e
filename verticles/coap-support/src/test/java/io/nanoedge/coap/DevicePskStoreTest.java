package io.nanoedge.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.DeviceKind;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.californium.elements.auth.AdditionalInfo;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which PSK identities the store answers and with which key: the fixed identity at once, a registered device's
 * after its asynchronous lookup (with its credential attached), anything else with no key, so the handshake fails.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class DevicePskStoreTest {
  private static final ConnectionId CID = new ConnectionId(new byte[] {1});
  private static final byte[] DEVICE_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final DeviceCredential PIR = credential("pir-entrance", DEVICE_KEY);

  private static DeviceCredential credential(String id, byte[] key) {
    return new DeviceCredential(id, DeviceKind.PIR, "entrance", Base64.getEncoder().encodeToString(key));
  }

  private static Function<String, Future<DeviceCredential>> registered(DeviceCredential... devices) {
    return id -> {
      for (DeviceCredential device : devices) {
        if (device.id().equals(id)) {
          return Future.succeededFuture(device);
        }
      }
      return Future.failedFuture(NanoException.notFound("no device " + id));
    };
  }

  private static PskSecretResult ask(DevicePskStore store, String identity) {
    return store.requestPskSecretResult(CID, null, new PskPublicInformation(identity), "HmacSHA256", null, null,
        false);
  }

  @Test
  void theFixedIdentityGetsItsConfiguredKeyAtOnce(Vertx vertx) {
    // GIVEN a store that knows the admin and no devices
    DevicePskStore store = new DevicePskStore("admin", "admin-key-123", null, vertx.getOrCreateContext());
    // WHEN the admin's identity is asked for
    PskSecretResult result = ask(store, "admin");
    // THEN the answer is immediate, with the admin's key and no device attached
    assertThat(result.getSecret().getEncoded()).isEqualTo("admin-key-123".getBytes(StandardCharsets.UTF_8));
    assertThat(result.getCustomArgument()).isNull();
  }

  @Test
  void withoutALookupEveryOtherIdentityFailsAtOnce(Vertx vertx) {
    DevicePskStore store = new DevicePskStore("admin", "admin-key-123", null, vertx.getOrCreateContext());
    PskSecretResult result = ask(store, "pir-entrance");
    assertThat(result).isNotNull();
    assertThat(result.getSecret()).isNull();
  }

  @Test
  void anIdentityThatIsNoDeviceIdFailsAtOnce(Vertx vertx) {
    DevicePskStore store = new DevicePskStore(registered(PIR), vertx.getOrCreateContext());
    PskSecretResult result = ask(store, "not a device/id");
    assertThat(result).isNotNull();
    assertThat(result.getSecret()).isNull();
  }

  @Test
  void aRegisteredDeviceGetsItsKeyLaterWithItsCredentialAttached(Vertx vertx, VertxTestContext test) {
    // GIVEN a store over one registered device
    DevicePskStore store = new DevicePskStore("admin", "admin-key-123", registered(PIR), vertx.getOrCreateContext());
    store.setResultHandler(answer -> test.verify(() -> {
      // THEN the key arrives through the result handler, and the credential becomes the principal's info
      PskSecretResult result = (PskSecretResult) answer;
      assertThat(result.getSecret().getEncoded()).isEqualTo(DEVICE_KEY);
      assertThat(result.getCustomArgument()).isEqualTo(PIR);
      AdditionalInfo info = store.getInfo(null, result.getCustomArgument());
      assertThat(info.get(DevicePskStore.INFO, DeviceCredential.class)).isEqualTo(PIR);
      test.completeNow();
    }));
    // WHEN the device's identity is asked for: no answer yet, the lookup runs on the context
    assertThat(ask(store, "pir-entrance")).isNull();
  }

  @Test
  void anUnknownDeviceOrOneWithAShortKeyGetsNoKey(Vertx vertx, VertxTestContext test) {
    DevicePskStore store = new DevicePskStore(registered(credential("pir-short", new byte[8])),
        vertx.getOrCreateContext());
    var answers = test.checkpoint(2);
    store.setResultHandler(answer -> test.verify(() -> {
      assertThat(((PskSecretResult) answer).getSecret()).isNull();
      answers.flag();
    }));
    assertThat(ask(store, "pir-unknown")).isNull();
    assertThat(ask(store, "pir-short")).isNull();
  }
}
