package io.nanoedge.bus;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash that stands for a tag everywhere outside its scanner: HMAC-SHA256({@code tag.key},
 * normalised id), lower-case hex. The API (registering) and the BLE scanner (reading) must normalise the
 * same way, so both use this one class.
 */
public final class TagHash {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}[:-]){5}[0-9a-f]{2}");
  private static final Pattern IBEACON =
      Pattern.compile("[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/\\d{1,5}/\\d{1,5}");

  /** The shortest {@code tag.key} accepted: shorter secrets make the hashes guessable. */
  public static final int MIN_KEY_LENGTH = 16;

  private final SecretKeySpec key;

  public TagHash(String secret) {
    if (secret == null || secret.length() < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException("tag.key must be at least " + MIN_KEY_LENGTH + " characters");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /**
   * Normalises a raw tag id: a BLE MAC ({@code AA:BB:CC:DD:EE:FF} or with dashes) becomes lower case
   * with colons; an iBeacon {@code uuid/major/minor} becomes lower case with dashes and decimal numbers
   * without leading zeros. Anything else is rejected, naming the accepted forms.
   */
  public static String normalise(String rawId) {
    String id = rawId == null ? "" : rawId.trim().toLowerCase(Locale.ROOT);
    if (MAC.matcher(id).matches()) {
      return id.replace('-', ':');
    }
    if (IBEACON.matcher(id).matches()) {
      String[] parts = id.split("/");
      String hex = parts[0].replace("-", "");
      int major = Integer.parseInt(parts[1]);
      int minor = Integer.parseInt(parts[2]);
      if (major > 65535 || minor > 65535) {
        throw NanoException.badRequest("iBeacon major and minor must be between 0 and 65535");
      }
      String uuid = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
          + hex.substring(16, 20) + "-" + hex.substring(20);
      return uuid + "/" + major + "/" + minor;
    }
    throw NanoException.badRequest(
        "tag id must be a BLE MAC (AA:BB:CC:DD:EE:FF) or an iBeacon uuid/major/minor");
  }

  /** The hash of a raw id, after {@link #normalise(String)}. */
  public String hash(String rawId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(normalise(rawId).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Checks every hash of a list, naming the bad element ({@code hashes[2]}); returns an immutable copy. */
  public static java.util.List<String> requireAllValid(java.util.List<String> hashes, String field) {
    java.util.List<String> copy = java.util.List.copyOf(hashes);
    for (int i = 0; i < copy.size(); i++) {
      requireValid(copy.get(i), field + "[" + i + "]");
    }
    return copy;
  }

  public static void requireValid(String hash, String field) {
    if (hash == null || !HEX64.matcher(hash).matches()) {
      throw NanoException.badRequest("field '" + field + "' must be a tag hash (64 lower-case hex digits)");
    }
  }
}
