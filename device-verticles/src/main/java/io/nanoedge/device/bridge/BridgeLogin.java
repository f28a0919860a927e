package io.nanoedge.device.bridge;

import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.Fields;
import io.nanoedge.bus.NanoException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bridge's first frame: a device proves it holds its registered key without sending it,
 * {@code {"type":"login","identity":id,"at":epochMillis,"proof":hex(HMAC-SHA256(key, "nanoedge-bridge-login|" +
 * id + "|" + at))}}. A proof is good for {@link #WINDOW} around the bridge's clock and only once, so a recorded
 * login cannot be replayed later or twice. Use from one Vert.x context.
 */
final class BridgeLogin {
  static final Duration WINDOW = Duration.ofSeconds(60);
  private static final String LABEL = "nanoedge-bridge-login|";
  private static final Set<String> FIELDS = Set.of("type", "identity", "at", "proof");
  private static final int MAX_REMEMBERED = 10_000;
  private final Map<String, Instant> used = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

  /** A login frame's claims, checked for form only. */
  record Claim(String identity, long at, String proof) {
    static Claim from(JsonObject frame) {
      Fields.onlyKnown(frame, FIELDS);
      String identity = Fields.id(Fields.requireString(frame, "identity"), "identity");
      long at = Fields.requireLong(frame, "at");
      String proof = Fields.requireString(frame, "proof");
      if (!proof.matches("[0-9a-fA-F]{64}")) {
        throw NanoException.badRequest("field 'proof' must be 64 hex digits (HMAC-SHA256)");
      }
      return new Claim(identity, at, proof.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** The proof a device with {@code key} sends for {@code identity} at {@code at}. */
  static String proof(byte[] key, String identity, long at) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((LABEL + identity + "|" + at).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Whether {@code claim} proves {@code device} now; a good proof is spent. */
  boolean accepts(Claim claim, DeviceCredential device, Instant now) {
    Instant at = Instant.ofEpochMilli(claim.at());
    if (at.isBefore(now.minus(WINDOW)) || at.isAfter(now.plus(WINDOW))) {
      return false;
    }
    byte[] expected = proof(device.key(), device.id(), claim.at()).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, claim.proof().getBytes(StandardCharsets.US_ASCII))) {
      return false;
    }
    used.values().removeIf(t -> t.isBefore(now.minus(WINDOW.multipliedBy(2))));
    return used.putIfAbsent(claim.proof(), now) == null;
  }
}
