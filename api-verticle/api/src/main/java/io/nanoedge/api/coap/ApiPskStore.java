package io.nanoedge.api.coap;

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
 * The keys of the API's DTLS endpoint: the admin's PSK identity with its configured key, and every registered
 * device's identity with its derived key, looked up asynchronously (a database read on the verticle's context, the
 * answer handed back to Scandium later), so no Scandium thread ever waits. A device's credential rides along with
 * the handshake ({@link #INFO}) and becomes the request's {@code Caller.Device}.
 */
final class ApiPskStore implements AdvancedPskStore, ApplicationLevelInfoSupplier {
  /** The key under which a device's credential is attached to its DTLS principal. */
  static final String INFO = "nanoedge.device";

  private final PskPublicInformation admin;
  private final byte[] adminKey;
  private final Function<String, Future<DeviceCredential>> devices;
  private final Context context;
  private volatile HandshakeResultHandler results;

  /** {@code devices} null: only the admin's identity is known. */
  ApiPskStore(String adminIdentity, String adminKey, Function<String, Future<DeviceCredential>> devices,
      Context context) {
    this.admin = new PskPublicInformation(adminIdentity);
    this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
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
    if (MessageDigest.isEqual(admin.getBytes(), identity.getBytes())) {
      return new PskSecretResult(cid, identity, SecretUtil.create(adminKey, PskSecretResult.ALGORITHM_PSK));
    }
    String id = identity.getPublicInfoAsString();
    if (devices == null || !DeviceCredential.ID.matcher(id).matches()) {
      return new PskSecretResult(cid, identity, null);
    }
    context.runOnContext(v -> devices.apply(id).onComplete(found -> results.apply(found.succeeded()
        ? new PskSecretResult(cid, identity, SecretUtil.create(found.result().key(), PskSecretResult.ALGORITHM_PSK),
            found.result())
        : new PskSecretResult(cid, identity, null))));
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
