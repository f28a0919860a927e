package io.nanoedge.api;

import io.nanoedge.bus.DevicePsk;
import io.nanoedge.bus.TagHash;
import io.nanoedge.coap.CoapKeys;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.DbUrl;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The typed, checked settings of the API role. A missing secret stops the role at start with a message
 * naming the key: an API that could not hash tags or check tokens would only fail later, request by request.
 */
public record ApiOptions(DbUrl db, int poolSize, Duration connectTimeout, Duration reconnectMax,
    String adminToken, String tagKey, boolean publicRead, Duration authLead, String httpHost, int httpPort,
    String coapHost, int coapPort, int coapsPort, String pskIdentity, String pskKey, boolean plainCoapMutations,
    int maxBodyBytes, int documentMaxBytes, String deviceKey, Limits limits) {

  /** The limits of the fronts and the pool, each checked before work is done for a request. */
  public record Limits(int dbMaxWaiting, Duration httpIdleTimeout, int httpMaxConnections, int coapSmallBodyBytes,
      Duration coapBlockwiseLifetime, int coapMaxPeers) {
  }

  /** Shortest admin token accepted: long enough that guessing it over the network is hopeless. */
  static final int MIN_TOKEN_LENGTH = 16;

  public static ApiOptions from(NanoConfig config) {
    String url = config.string(ApiKeys.DB_URL);
    if (url.isEmpty()) {
      throw new ConfigException("configuration key 'db.url' is required for the api role "
          + "(mysql://user:pass@host:3306/db)");
    }
    String token = config.string(ApiKeys.ADMIN_TOKEN);
    if (token.length() < MIN_TOKEN_LENGTH) {
      throw new ConfigException("configuration key 'admin.token' (or admin.token-file) is required for the api role "
          + "and must be at least " + MIN_TOKEN_LENGTH + " characters");
    }
    String tagKey = config.string(Keys.TAG_KEY);
    if (tagKey.length() < TagHash.MIN_KEY_LENGTH) {
      throw new ConfigException("configuration key 'tag.key' (or tag.key-file) is required for the api role "
          + "and must be at least " + TagHash.MIN_KEY_LENGTH + " characters");
    }
    String pskKey = config.string(ApiKeys.COAP_PSK_KEY);
    if (!pskKey.isEmpty() && pskKey.length() < 8) {
      throw new ConfigException("configuration key 'coap.psk-key' must be at least 8 characters (or empty: no CoAPs)");
    }
    String pskIdentity = config.string(ApiKeys.COAP_PSK_IDENTITY);
    if (!pskKey.isEmpty() && pskIdentity.isBlank()) {
      throw new ConfigException("configuration key 'coap.psk-identity' must not be empty when coap.psk-key is set");
    }
    String deviceKey = config.string(ApiKeys.DEVICE_KEY);
    if (!deviceKey.isEmpty() && deviceKey.getBytes(StandardCharsets.UTF_8).length < DevicePsk.MIN_KEY_BYTES) {
      throw new ConfigException("configuration key 'device.key' (or device.key-file) must be at least "
          + DevicePsk.MIN_KEY_BYTES + " bytes, or empty (no device credentials)");
    }
    return new ApiOptions(DbUrl.parse(url), config.integer(ApiKeys.DB_POOL_SIZE),
        Duration.ofMillis(config.integer(ApiKeys.DB_CONNECT_TIMEOUT_MS)),
        Duration.ofMillis(config.integer(ApiKeys.DB_RECONNECT_MAX_MS)), token, tagKey,
        config.bool(ApiKeys.API_PUBLIC_READ), Duration.ofMinutes(config.integer(ApiKeys.API_AUTH_LEAD_MINUTES)),
        config.string(ApiKeys.HTTP_HOST), config.integer(ApiKeys.HTTP_PORT), config.string(CoapKeys.COAP_HOST),
        config.integer(ApiKeys.COAP_PORT), config.integer(ApiKeys.COAPS_PORT), pskIdentity, pskKey,
        config.bool(ApiKeys.COAP_PLAIN_MUTATIONS), config.integer(ApiKeys.API_MAX_BODY_BYTES),
        config.integer(ApiKeys.API_DOCUMENT_MAX_BYTES), deviceKey, new Limits(config.integer(ApiKeys.DB_MAX_WAITING),
        Duration.ofSeconds(config.integer(ApiKeys.HTTP_IDLE_TIMEOUT_S)), config.integer(ApiKeys.HTTP_MAX_CONNECTIONS),
        config.integer(ApiKeys.COAP_SMALL_BODY_BYTES),
        Duration.ofSeconds(config.integer(ApiKeys.COAP_BLOCKWISE_LIFETIME_S)), config.integer(ApiKeys.COAP_MAX_PEERS)));
  }

  /** Never the secrets. */
  @Override
  public String toString() {
    return "ApiOptions[db=" + db + ", http=" + httpHost + ":" + httpPort + ", coap=" + coapPort
        + ", coaps=" + (pskKey.isEmpty() ? "off" : coapsPort) + ", publicRead=" + publicRead + ", deviceKey="
        + (deviceKey.isEmpty() ? "unset" : "set") + "]";
  }
}
