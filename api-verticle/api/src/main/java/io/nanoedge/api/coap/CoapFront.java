package io.nanoedge.api.coap;

import io.nanoedge.api.front.ApiOperations;
import io.nanoedge.api.front.ApiRequest;
import io.nanoedge.api.front.ApiResponse;
import io.nanoedge.api.front.Caller;
import io.nanoedge.api.front.Operation;
import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.coap.Californium;
import io.nanoedge.coap.CoapReplies;
import io.nanoedge.coap.DeviceDtls;
import io.nanoedge.coap.DevicePskStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

/**
 * The CoAP front end (Californium): the API's paths as a resource tree, on plain UDP and, when a PSK is
 * configured, on DTLS. A peer that completed the DTLS PSK handshake is the admin; plain CoAP may read
 * (when {@code api.public-read} is true) and may change nothing unless {@code coap.plain-mutations} says so.
 * Every exchange runs on the verticle's context ({@link OnContext}) before it touches the services. Observe is
 * offered on
 * {@code /api/visits} and {@code /api/visits/{id}}.
 */
public final class CoapFront {
  /**
   * Settings of the CoAP endpoints; {@code pskKey} empty means no DTLS endpoint. {@code maxBodyBytes} bounds a body
   * over CoAPs (documents), {@code smallBodyBytes} one over plain CoAP, where nobody has proven who they are.
   */
  public record Settings(String host, int port, int securePort, String pskIdentity, String pskKey,
      boolean plainMutations, int maxJsonBytes, int maxBodyBytes, int smallBodyBytes, Duration blockwiseLifetime,
      int maxPeers) {
  }

  private final ApiOperations operations;
  private final Context context;
  private final Settings settings;
  private final CoapServer server;
  private PathResource visits;
  private PathResource visit;

  /** @param devices a registered device's credential by identity; null: the DTLS endpoint knows only the admin */
  public CoapFront(ApiOperations operations, Context context, Settings settings,
      Function<String, Future<DeviceCredential>> devices) {
    this.operations = operations;
    this.context = context;
    this.settings = settings;
    Configuration plain = endpointConfiguration(settings, settings.smallBodyBytes());
    server = new CoapServer(plain);
    server.addEndpoint(Californium.endpoint(plain)
        .setInetSocketAddress(new InetSocketAddress(settings.host(), settings.port())).build());
    if (!settings.pskKey().isEmpty()) {
      Configuration config = endpointConfiguration(settings, settings.maxBodyBytes());
      config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
      DevicePskStore keys = new DevicePskStore(settings.pskIdentity(), settings.pskKey(), devices, context);
      DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
          .setAddress(new InetSocketAddress(settings.host(), settings.securePort()))
          .setAdvancedPskStore(keys).setApplicationLevelInfoSupplier(keys)
          .build();
      server.addEndpoint(Californium.endpoint(config).setConnector(new DTLSConnector(dtls)).build());
    }
    server.add(tree());
  }

  /**
   * One endpoint's limits. The first block of a block-wise upload makes Californium reserve a buffer of the whole
   * {@code MAX_RESOURCE_BODY_SIZE} (or of the Size1 the peer announces, refused above that) and keep it for
   * {@code BLOCKWISE_STATUS_LIFETIME}, before any resource, so before anyone is authenticated; at most
   * {@code MAX_ACTIVE_PEERS} such transfers are kept. What a stranger can pin is therefore at most
   * {@code maxPeers * bodyBytes} for {@code blockwiseLifetime}: small on the plain port, large only over DTLS.
   * The same limits as the device fronts', and {@code maxPeers} DTLS connections at most.
   */
  private static Configuration endpointConfiguration(Settings settings, int bodyBytes) {
    return DeviceDtls.configuration(new DeviceDtls.Limits(bodyBytes,
        Math.toIntExact(settings.blockwiseLifetime().toMillis()), settings.maxPeers()));
  }

  private PathResource tree() {
    PathResource api = new PathResource("api", "/api", this, context);
    for (Operation op : operations.all()) {
      List<String> segments = List.of(op.path().substring("/api/".length()).split("/"));
      PathResource at = api;
      for (String segment : segments) {
        at = at.child(segment);
      }
      at.operation(op);
      if (op.path().equals("/api/visits")) {
        visits = at;
      } else if (op.path().equals("/api/visits/{id}") && op.method().equals("GET")) {
        visit = at;
      }
    }
    visits.setObservable(true);
    visit.setObservable(true);
    return api;
  }

  /** Blocking (binds sockets): call from a worker. */
  public void start() {
    server.start();
  }

  /** Blocking: call from a worker. */
  public void stop() {
    server.destroy();
  }

  /** The UDP port of plain CoAP, or of CoAPs when {@code secure}; -1 when that endpoint is off. */
  public int port(boolean secure) {
    for (Endpoint endpoint : server.getEndpoints()) {
      if (endpoint.getUri().getScheme().equals(secure ? "coaps" : "coap")) {
        return endpoint.getAddress().getPort();
      }
    }
    return -1;
  }

  /** A status of {@code visitId} changed: notify observers of the list and of that visit only. */
  public void visitChanged(String visitId) {
    visits.changed();
    visit.changed(relation -> {
      List<String> path = relation.getExchange().getRequest().getOptions().getUriPath();
      return !path.isEmpty() && path.get(path.size() - 1).equals(visitId);
    });
  }

  void dispatch(PathResource resource, Exchange exchange) {
    CoapExchange coap = new CoapExchange(exchange);
    Request request = exchange.getRequest();
    Operation op = resource.operation(request.getCode().name());
    if (op == null) {
      coap.respond(CoapReplies.error(ErrorCode.METHOD_NOT_ALLOWED, request.getCode() + " is not allowed on "
          + resource.template() + " (allowed: " + String.join(", ", resource.methods()) + ")"));
      return;
    }
    if (!secure(exchange) && request.getPayloadSize() > settings.smallBodyBytes()) {
      // A single datagram can carry more than a block: the plain port's limit holds for it too.
      coap.respond(CoapReplies.error(ErrorCode.TOO_LARGE, "the body may have at most " + settings.smallBodyBytes()
          + " bytes over plain CoAP (larger ones over CoAPs)"));
      return;
    }
    ApiRequest apiRequest = new ApiRequest(op.method(), pathParams(op.path(), request), query(request),
        request.getPayloadSize() == 0 ? null : Buffer.buffer(request.getPayload()), contentType(request),
        caller(request), settings.maxJsonBytes());
    operations.execute(op, apiRequest).onComplete(done -> coap.respond(done.succeeded()
        ? toCoap(op, done.result()) : CoapReplies.error(ErrorCode.INTERNAL, "internal error")));
  }

  private static boolean secure(Exchange exchange) {
    return exchange.getEndpoint() != null && "coaps".equals(exchange.getEndpoint().getUri().getScheme());
  }

  /**
   * The DTLS peer's identity decides: the admin PSK identity is the admin, a registered device's is that device
   * (no rights here but public reads); plain CoAP is nobody (unless coap.plain-mutations says otherwise).
   */
  private Caller caller(Request request) {
    Principal peer = request.getSourceContext().getPeerIdentity();
    if (peer instanceof PreSharedKeyIdentity psk) {
      if (psk.getIdentity().equals(settings.pskIdentity())) {
        return new Caller.Admin("psk:" + psk.getIdentity());
      }
      DeviceCredential device = DeviceDtls.device(request);
      return device == null ? Caller.ANONYMOUS
          : new Caller.Device(device.id(), device.kind().wire(), device.location());
    }
    return settings.plainMutations() ? new Caller.Admin("plain-coap") : Caller.ANONYMOUS;
  }

  private static Map<String, String> pathParams(String template, Request request) {
    String[] names = template.substring(1).split("/");
    List<String> values = request.getOptions().getUriPath();
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < names.length && i < values.size(); i++) {
      if (names[i].startsWith("{")) {
        params.put(names[i].substring(1, names[i].length() - 1), values.get(i));
      }
    }
    return params;
  }

  private static Map<String, String> query(Request request) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String item : request.getOptions().getUriQuery()) {
      int eq = item.indexOf('=');
      query.putIfAbsent(eq < 0 ? item : item.substring(0, eq), eq < 0 ? "" : item.substring(eq + 1));
    }
    return query;
  }

  private static String contentType(Request request) {
    int format = request.getOptions().getContentFormat();
    return format == MediaTypeRegistry.UNDEFINED ? null : MediaTypeRegistry.toString(format);
  }

  private static Response toCoap(Operation op, ApiResponse response) {
    ResponseCode code;
    if (response.failed()) {
      code = CoapReplies.code(ErrorCode.ofStatus(response.status()));
    } else if (response.status() == 201) {
      code = ResponseCode.CREATED;
    } else if (response.status() == 204) {
      code = ResponseCode.DELETED;
    } else {
      code = op.method().equals("GET") ? ResponseCode.CONTENT : ResponseCode.CHANGED;
    }
    Response coap;
    if (response.json() != null) {
      coap = CoapReplies.json(code, response.json().encode());
    } else {
      coap = new Response(code);
      if (response.bytes() != null) {
        coap.setPayload(response.bytes().getBytes());
        int format = MediaTypeRegistry.parse(response.mediaType());
        coap.getOptions().setContentFormat(format == MediaTypeRegistry.UNDEFINED
            ? MediaTypeRegistry.APPLICATION_OCTET_STREAM : format);
      }
    }
    if (response.status() == 503) {
      // CoAP's Retry-After (RFC 7252, 5.9.3.4): the database is down or busy for about a second.
      coap.getOptions().setMaxAge(1);
    }
    if (response.location() != null) {
      coap.getOptions().setLocationPath(response.location().substring(1));
    }
    return coap;
  }
}
