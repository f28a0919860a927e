package io.nanoedge.coap;

import io.nanoedge.bus.DeviceCredential;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.SecretKey;
import org.eclipse.californium.elements.auth.AdditionalInfo;
import org.eclipse.californium.scandium.auth.ApplicationLevelInfoSupplier;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * The keys of a DTLS endpoint whose peers are registered devices (the CoAP gateway, a CoAP PIR driver, the API's
 * CoAPs): a PSK identity is a registered device's id, its key is looked up asynchronously on the verticle's context
 * (over the bus or in the database) and handed back to Scandium later, so no Scandium thread waits. The device's
 * credential rides along with the handshake and is what {@link DeviceDtls#device} returns for each request. An
 * identity that is not a well-formed device id, is unknown, or whose key is shorter than
 * {@link DeviceDtls#MIN_KEY_BYTES} fails the handshake. The API's store also knows one fixed identity (the admin)
 * with its configured key, which is not a device.
 */
public final class DevicePskStore implements AdvancedPskStore, ApplicationLevelInfoSupplier {
  /** The key under which a device's credential is attached to its DTLS principal. */
  static final String INFO = "nanoedge.device";

  private final PskPublicInformation fixed;
  private final byte[] fixedKey;
  private final Function<String, Future<DeviceCredential>> devices;
  private final Context context;
  private volatile HandshakeResultHandler results;

  /** Registered devices only, their credentials looked up by {@code devices}. */
  public DevicePskStore(Function<String, Future<DeviceCredential>> devices, Context context) {
    this(null, null, devices, context);
  }

  /**
   * {@code fixedIdentity} with {@code fixedKey} (UTF-8), asked before any device, and the registered devices;
   * {@code devices} null: only the fixed identity is known.
   */
  public DevicePskStore(String fixedIdentity, String fixedKey, Function<String, Future<DeviceCredential>> devices,
      Context context) {
    this.fixed = fixedIdentity == null ? null : new PskPublicInformation(fixedIdentity);
    this.fixedKey = fixedKey == null ? null : fixedKey.getBytes(StandardCharsets.UTF_8);
    this.devices = devices;
    this.context = context;
  }

  @Override
  public boolean hasEcdhePskSupported() {
    return true;
  }

  @Override
  public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverNames,
      PskPublicInformation identity, String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
      boolean useExtendedMasterSecret) {
    if (fixed != null && MessageDigest.isEqual(fixed.getBytes(), identity.getBytes())) {
      return new PskSecretResult(cid, identity, SecretUtil.create(fixedKey, PskSecretResult.ALGORITHM_PSK));
    }
    String id = identity.getPublicInfoAsString();
    if (devices == null || !DeviceCredential.ID.matcher(id).matches()) {
      return new PskSecretResult(cid, identity, null);
    }
    context.runOnContext(v -> devices.apply(id).onComplete(found -> {
      byte[] key = found.succeeded() ? found.result().key() : null;
      results.apply(key != null && key.length >= DeviceDtls.MIN_KEY_BYTES
          ? new PskSecretResult(cid, identity, SecretUtil.create(key, PskSecretResult.ALGORITHM_PSK), found.result())
          : new PskSecretResult(cid, identity, null));
    }));
    return null;
  }

  @Override
  public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
    // A server only: it never starts a handshake of its own.
    return null;
  }

  @Override
  public void setResultHandler(HandshakeResultHandler resultHandler) {
    this.results = resultHandler;
  }

  @Override
  public AdditionalInfo getInfo(Principal principal, Object customArgument) {
    return customArgument instanceof DeviceCredential device ? AdditionalInfo.from(Map.of(INFO, device))
        : AdditionalInfo.empty();
  }
}
