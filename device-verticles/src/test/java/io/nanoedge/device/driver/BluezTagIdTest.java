package io.nanoedge.device.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.TagHash;
import java.util.HexFormat;
import java.util.Map;
import org.freedesktop.dbus.types.UInt16;
import org.junit.jupiter.api.Test;

/** How the BlueZ driver names a tag: the iBeacon uuid/major/minor when advertised, else the MAC. */
class BluezTagIdTest {
  @Test
  void anIBeaconIsNamedByUuidMajorMinor() {
    // GIVEN Apple manufacturer data: type 0x02, length 0x15, uuid, major 1, minor 258, tx power
    byte[] data = HexFormat.of().parseHex("0215" + "e2c56db5dffb48d2b060d0f5a71096e0" + "0001" + "0102" + "c5");
    // WHEN the driver names the device
    String id = BluezTagScanner.tagId("AA:BB:CC:DD:EE:01", Map.of(new UInt16(0x004C), data));
    // THEN it is the iBeacon id, which the tag hash accepts
    assertThat(id).isEqualTo("e2c56db5dffb48d2b060d0f5a71096e0/1/258");
    assertThat(TagHash.normalise(id)).isEqualTo("e2c56db5-dffb-48d2-b060-d0f5a71096e0/1/258");
  }

  @Test
  void anyOtherDeviceIsNamedByItsMac() {
    assertThat(BluezTagScanner.tagId("AA:BB:CC:DD:EE:01", Map.of(new UInt16(0x0059), new byte[] {1, 2})))
        .isEqualTo("AA:BB:CC:DD:EE:01");
    assertThat(BluezTagScanner.tagId("AA:BB:CC:DD:EE:01", null)).isEqualTo("AA:BB:CC:DD:EE:01");
  }
}
