package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A registered device's credential as the API hands it to a device front: who it is, what it is, where it is, and
 * its current pre-shared key (base64 of the 32 bytes of {@link DevicePsk}). It travels only on the clustered event
 * bus, which is closed to anyone without the site's certificate; a front caches it for {@code device.cache-ms} and
 * drops it on {@link DevicesChanged}. The reply to a {@link Query}; 404 for an unknown or revoked identity.
 */
public record DeviceCredential(String id, DeviceKind kind, String location, String psk) implements BusMessage {
  /** A device id is its DTLS PSK identity and its bridge identity. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Set<String> FIELDS = Set.of("id", "kind", "location", "psk");

  public DeviceCredential {
    id = Fields.id(id, "id");
    if (kind == null) {
      throw NanoException.badRequest("field 'kind' is required");
    }
    location = Fields.location(location, "location");
    Fields.nonBlank(psk, "psk");
  }

  public static DeviceCredential fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new DeviceCredential(Fields.requireString(json, "id"),
        DeviceKind.fromWire(Fields.requireString(json, "kind"), "kind"), Fields.requireString(json, "location"),
        Fields.requireString(json, "psk"));
  }

  /** The key's bytes. */
  public byte[] key() {
    return Base64.getDecoder().decode(psk);
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("kind", kind.wire()).put("location", location).put("psk", psk);
  }

  /** Never the key: this is what may be logged. */
  @Override
  public String toString() {
    return "DeviceCredential[id=" + id + ", kind=" + kind.wire() + ", location=" + location + "]";
  }

  /** The request: the credential of the device whose PSK identity (or bridge identity) is {@code identity}. */
  public record Query(String identity) implements BusMessage {
    public Query {
      identity = Fields.id(identity, "identity");
    }

    public static Query fromJson(JsonObject json) {
      Fields.onlyKnown(json, Set.of("identity"));
      return new Query(Fields.requireString(json, "identity"));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("identity", identity);
    }
  }
}
