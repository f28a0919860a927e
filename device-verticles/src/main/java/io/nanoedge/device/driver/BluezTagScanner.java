package io.nanoedge.device.driver;

import com.github.hypfvieh.bluetooth.DeviceManager;
import com.github.hypfvieh.bluetooth.DiscoveryFilter;
import com.github.hypfvieh.bluetooth.wrapper.BluetoothAdapter;
import com.github.hypfvieh.bluetooth.wrapper.BluetoothDevice;
import io.nanoedge.bus.NanoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.UInt16;

/**
 * BLE scanning through BlueZ over the system D-Bus (bluez-dbus): LE discovery on one adapter for the
 * window, then every device BlueZ heard during it (those with an RSSI), as its MAC or, for an iBeacon,
 * its uuid/major/minor. All D-Bus calls block, so they run on a worker; scans of one node are serialised
 * on the context's ordered worker queue, and overlapping scans share one discovery session.
 *
 * <p>Container needs: the host's {@code /run/dbus/system_bus_socket} mounted, bluetoothd running on the
 * host, and a D-Bus policy that lets the container's user talk to {@code org.bluez} (root does by default).
 */
public final class BluezTagScanner implements TagScanner {
  private static final int APPLE = 0x004C;
  private final Vertx vertx;
  private final String adapterName;
  private DeviceManager manager;
  private BluetoothAdapter adapter;
  /** Scans in progress; BlueZ keeps one discovery session per client, so overlapping scans share it. */
  private int scanning;

  private BluezTagScanner(Vertx vertx, String adapterName) {
    this.vertx = vertx;
    this.adapterName = adapterName;
  }

  /** Connects to the system bus and finds the adapter; fails with 503 when BlueZ or the adapter is missing. */
  public static Future<BluezTagScanner> open(Vertx vertx, String adapterName) {
    BluezTagScanner scanner = new BluezTagScanner(vertx, adapterName);
    return vertx.executeBlocking(() -> {
      try {
        scanner.manager = DeviceManager.createInstance(false);
      } catch (Exception | LinkageError e) {
        throw NanoException.unavailable("BlueZ is not reachable on the system D-Bus (is /run/dbus/system_bus_socket "
            + "mounted and bluetoothd running?): " + e.getMessage());
      }
      scanner.adapter = scanner.manager.getAdapter(adapterName);
      if (scanner.adapter == null) {
        scanner.manager.closeConnection();
        throw NanoException.unavailable("BlueZ has no adapter " + adapterName);
      }
      if (!scanner.adapter.isPowered()) {
        scanner.adapter.setPowered(true);
      }
      scanner.manager.setScanFilter(Map.of(DiscoveryFilter.Transport, "le", DiscoveryFilter.DuplicateData, true));
      return scanner;
    });
  }

  @Override
  public String driver() {
    return "bluez";
  }

  @Override
  public Future<List<RawSighting>> scan(Duration window) {
    return vertx.executeBlocking(() -> {
      if (scanning++ == 0) {
        try {
          adapter.startDiscovery();
        } catch (RuntimeException e) {
          // Not scanning after all: the next request must try to start discovery again.
          scanning--;
          throw e;
        }
      }
      return null;
    }).compose(v -> vertx.timer(Math.max(1, window.toMillis())))
        .compose(v -> vertx.executeBlocking(this::collectAndStop));
  }

  private List<RawSighting> collectAndStop() {
    try {
      List<RawSighting> seen = new ArrayList<>();
      for (BluetoothDevice device : manager.getDevices(adapterName, true)) {
        Short rssi = device.getRssi();
        if (rssi == null) {
          continue;
        }
        seen.add(new RawSighting(tagId(device.getAddress(), device.getManufacturerData()), rssi));
      }
      return seen;
    } finally {
      if (--scanning == 0) {
        adapter.stopDiscovery();
      }
    }
  }

  /** An iBeacon advertises uuid/major/minor in Apple's manufacturer data (type 0x02, length 0x15); else the MAC. */
  static String tagId(String mac, Map<UInt16, byte[]> manufacturerData) {
    if (manufacturerData != null) {
      Map<Integer, byte[]> byCompany = new LinkedHashMap<>();
      manufacturerData.forEach((k, v) -> byCompany.put(k.intValue(), v));
      byte[] data = byCompany.get(APPLE);
      if (data != null && data.length >= 22 && data[0] == 0x02 && data[1] == 0x15) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        String uuid = HexFormat.of().formatHex(data, 2, 18);
        int major = buf.getShort(18) & 0xFFFF;
        int minor = buf.getShort(20) & 0xFFFF;
        return uuid + "/" + major + "/" + minor;
      }
    }
    return mac;
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      manager.closeConnection();
      return null;
    });
  }
}
