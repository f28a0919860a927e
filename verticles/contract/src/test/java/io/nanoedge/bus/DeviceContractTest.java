package io.nanoedge.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The device credential's messages and its key derivation, pinned to bytes computed outside Java. */
class DeviceContractTest {
  @Test
  void theKeyIsTheHmacOfTheLabelledIdAndGeneration() {
    // python3: hmac.new(b'site-device-key-0123456789', b'nanoedge-device-psk|pir-entrance-1|1', sha256).hexdigest()
    DevicePsk psk = new DevicePsk("site-device-key-0123456789");
    assertThat(HexFormat.of().formatHex(psk.derive("pir-entrance-1", 1)))
        .isEqualTo("da4d3209c870f0687a97884722323122c9b7ef2327e3641ebf04f73a0fb2aa83");
    assertThat(psk.derive("pir-entrance-1", 2)).isNotEqualTo(psk.derive("pir-entrance-1", 1));
    assertThatThrownBy(() -> new DevicePsk("fifteen-bytes..")).hasMessageContaining("at least 16 bytes");
  }

  @Test
  void credentialsAndTheirQueriesRoundTripAndNeverPrintTheKey() {
    DeviceCredential credential = new DeviceCredential("pir-entrance-1", DeviceKind.PIR, "entrance",
        "2k0yCchw8Gh6l4hHIjIxIsm37yMn42QevwT3Og+yqoM=");
    assertThat(DeviceCredential.fromJson(new JsonObject(credential.toJson().encode()))).isEqualTo(credential);
    assertThat(HexFormat.of().formatHex(credential.key()))
        .isEqualTo("da4d3209c870f0687a97884722323122c9b7ef2327e3641ebf04f73a0fb2aa83");
    assertThat(credential.toString()).doesNotContain(credential.psk());
    DeviceCredential.Query query = new DeviceCredential.Query("pir-entrance-1");
    assertThat(DeviceCredential.Query.fromJson(query.toJson())).isEqualTo(query);
    DevicesChanged changed = new DevicesChanged("pir-entrance-1");
    assertThat(DevicesChanged.fromJson(changed.toJson())).isEqualTo(changed);
  }

  @Test
  void badCredentialsAreRefusedNamingTheField() {
    JsonObject good = new JsonObject().put("id", "pir-1").put("kind", "pir").put("location", "entrance")
        .put("psk", "AAAA");
    assertThatThrownBy(() -> DeviceCredential.fromJson(good.copy().put("kind", "camera")))
        .hasMessageContaining("field 'kind' must be one of pir, scanner, door, led, display, bridge, gateway");
    assertThatThrownBy(() -> DeviceCredential.fromJson(good.copy().put("id", "pir 1")))
        .hasMessageContaining("field 'id'");
    assertThatThrownBy(() -> DeviceCredential.fromJson(good.copy().put("location", "l".repeat(65))))
        .hasMessageContaining("field 'location'");
    assertThatThrownBy(() -> DeviceCredential.Query.fromJson(new JsonObject().put("identity", "a/b")))
        .hasMessageContaining("field 'identity'");
    assertThat(DeviceKind.fromWire("gateway", "kind")).isEqualTo(DeviceKind.GATEWAY);
  }
}
