package io.nanoedge.bus;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A device's pre-shared key, derived and never stored: HMAC-SHA256({@code device.key},
 * {@code "nanoedge-device-psk|" + id + "|" + generation}), 32 bytes. Rotating a device bumps its generation, so its
 * old key stops working everywhere at once; only the nodes holding {@code device.key} (the API) can derive keys.
 */
public final class DevicePsk {
  /** The shortest {@code device.key} accepted, in bytes (UTF-8). */
  public static final int MIN_KEY_BYTES = 16;
  private static final String LABEL = "nanoedge-device-psk|";

  private final SecretKeySpec key;

  public DevicePsk(String siteKey) {
    byte[] bytes = siteKey == null ? new byte[0] : siteKey.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("device.key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
  }

  /** The 32-byte key of device {@code id} at {@code generation}. */
  public byte[] derive(String id, int generation) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal((LABEL + id + "|" + generation).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
