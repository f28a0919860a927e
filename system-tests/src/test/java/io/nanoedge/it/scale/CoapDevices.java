package io.nanoedge.it.scale;

import io.nanoedge.coap.Californium;
import io.nanoedge.coap.DeviceDtls;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * The simulated hardware of the scale bench, each device a real CoAP endpoint on its own UDP port: per entrance a
 * PIR and a door sensor (CoAP clients that POST to a gateway, confirmable) and an LED device (a CoAP server whose
 * {@code /led} the LED node PUTs {@code 1}/{@code 0} to). All endpoints share one small executor pool, so a
 * thousand devices cost sockets, not a thousand thread pools.
 *
 * <p>With {@link Credentials} (the dtls run) every device speaks DTLS with its own registered credential, as the
 * production devices do: a PIR and a door sensor are each a DTLS client connector (PSK identity = its device id),
 * an LED device is a DTLS server that knows only its own identity and key (the LED node holds the same
 * credential). Scandium still gives every connector a receiver thread and a timer thread of its own; the
 * connectors' workers share one pool.
 */
final class CoapDevices implements AutoCloseable {
  /** Told when an LED device receives a state: entrance index, on, nanoTime. */
  interface LedListener {
    void changed(int entrance, boolean on, long nanoTime);
  }

  /** The answer of a confirmable request: the response, or null when it timed out or was refused. */
  interface Answer extends Consumer<Response> {
  }

  /**
   * The devices' registered credentials as the API answered them (a key is shown once): three per entrance, in the
   * order {@link #PIR}, {@link #DOOR}, {@link #LED}.
   */
  record Credentials(List<String> ids, List<byte[]> keys) {
    static final int PIR = 0;
    static final int DOOR = 1;
    static final int LED = 2;

    String id(int entrance, int device) {
      return ids.get(3 * entrance + device);
    }

    byte[] key(int entrance, int device) {
      return keys.get(3 * entrance + device);
    }
  }

  /** The production devices' suites (forward secrecy first), those this JVM can run. */
  private static final List<CipherSuite> SUITES = List.of(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256,
      CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
      CipherSuite.TLS_PSK_WITH_AES_128_CCM_8).stream().filter(CipherSuite::isSupported).toList();

  private final Configuration config;
  private final ScheduledExecutorService executor;
  /** The DTLS connectors' workers (handshakes, record crypto), shared; null for plain CoAP. */
  private final ExecutorService dtlsWorkers;
  private final ScheduledExecutorService timer;
  private final List<CoapEndpoint> pirs = new ArrayList<>();
  private final List<CoapEndpoint> doors = new ArrayList<>();
  private final CoapServer leds;
  private final Map<Integer, Integer> entranceOfLedPort = new HashMap<>();
  private final List<Integer> ledPorts = new ArrayList<>();
  /** (LED port, source, message id) already applied: a repeat would be a duplicate effect. */
  private final Set<String> ledMessages = ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicateLedCommands = new AtomicLong();
  private final AtomicLong retransmissions = new AtomicLong();

  /** Plain CoAP devices when {@code credentials} is null, DTLS devices with those credentials otherwise. */
  CoapDevices(String host, int entrances, Credentials credentials, LedListener listener) {
    config = Californium.configuration();
    // One receiver and one sender thread per endpoint (the defaults scale with the cores, per endpoint).
    config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    // The same for DTLS: one receiver per connector, a device keeps one or two connections, not 150,000.
    config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
    config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
    config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 4);
    executor = ExecutorsUtil.newScheduledThreadPool(4, new NamedThreadFactory("sim-devices#"));
    timer = ExecutorsUtil.newDefaultSecondaryScheduler("sim-devices-timer#");
    dtlsWorkers = credentials == null ? null
        : ExecutorsUtil.newFixedThreadPool(4, new NamedThreadFactory("sim-dtls#"));
    leds = new CoapServer(config);
    leds.setExecutors(executor, timer, false);
    for (int i = 0; i < entrances; i++) {
      if (credentials == null) {
        pirs.add(client(host));
        doors.add(client(host));
        leds.addEndpoint(CoapEndpoint.builder().setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress(host, 0)).build());
      } else {
        pirs.add(dtlsClient(credentials.id(i, Credentials.PIR), credentials.key(i, Credentials.PIR)));
        doors.add(dtlsClient(credentials.id(i, Credentials.DOOR), credentials.key(i, Credentials.DOOR)));
        leds.addEndpoint(Californium.endpoint(config).setConnector(dtlsServer(host,
            credentials.id(i, Credentials.LED), credentials.key(i, Credentials.LED))).build());
      }
    }
    leds.add(new CoapResource("led") {
      @Override
      public void handlePUT(CoapExchange exchange) {
        long now = System.nanoTime();
        int port = exchange.advanced().getEndpoint().getAddress().getPort();
        String text = new String(exchange.getRequestPayload(), StandardCharsets.UTF_8).trim();
        String key = port + "|" + exchange.getSourceSocketAddress() + "|" + exchange.advanced().getRequest().getMID();
        if (!ledMessages.add(key)) {
          duplicateLedCommands.incrementAndGet();
        }
        exchange.respond(ResponseCode.CHANGED);
        Integer entrance = entranceOfLedPort.get(port);
        if (entrance != null && ("1".equals(text) || "0".equals(text))) {
          listener.changed(entrance, "1".equals(text), now);
        }
      }
    });
  }

  private CoapEndpoint client(String host) {
    CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config)
        .setInetSocketAddress(new InetSocketAddress(host, 0)).build();
    endpoint.setExecutors(executor, timer);
    return endpoint;
  }

  private CoapEndpoint dtlsClient(String identity, byte[] key) {
    DTLSConnector connector = DeviceDtls.client(config, identity, key);
    connector.setExecutor(dtlsWorkers);
    CoapEndpoint endpoint = Californium.endpoint(config).setConnector(connector).build();
    endpoint.setExecutors(executor, timer);
    return endpoint;
  }

  /** An LED device's DTLS server: only its own registered identity and key get a session. */
  private DTLSConnector dtlsServer(String host, String identity, byte[] key) {
    DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
        .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
        .set(DtlsConfig.DTLS_CIPHER_SUITES, SUITES)
        .setAddress(new InetSocketAddress(host, 0))
        .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
        .build());
    connector.setExecutor(dtlsWorkers);
    return connector;
  }

  /**
   * A CoAP ping from entrance {@code i}'s PIR and door sensor to their gateways: over DTLS it is the handshake,
   * done before the load so the first visits do not pay it. True once both got their answer (a reset).
   */
  CompletableFuture<Boolean> handshake(int entrance, String pirUri, String doorUri) {
    return ping(pirs.get(entrance), pirUri).thenCombine(ping(doors.get(entrance), doorUri), Boolean::logicalAnd);
  }

  private static CompletableFuture<Boolean> ping(CoapEndpoint endpoint, String uri) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    Request ping = new Request(null, CoAP.Type.CON);
    ping.setToken(Token.EMPTY);
    ping.setURI(uri);
    ping.addMessageObserver(new MessageObserverAdapter() {
      @Override
      public void onReject() {
        done.complete(true);
      }

      @Override
      public void onResponse(Response response) {
        done.complete(true);
      }

      @Override
      public void onTimeout() {
        done.complete(false);
      }

      @Override
      public void onSendError(Throwable error) {
        done.complete(false);
      }
    });
    endpoint.sendRequest(ping);
    return done;
  }

  /** Binds every endpoint (blocking). */
  void start() throws Exception {
    for (CoapEndpoint endpoint : pirs) {
      endpoint.start();
    }
    for (CoapEndpoint endpoint : doors) {
      endpoint.start();
    }
    leds.start();
    for (int i = 0; i < leds.getEndpoints().size(); i++) {
      int port = leds.getEndpoints().get(i).getAddress().getPort();
      ledPorts.add(port);
      entranceOfLedPort.put(port, i);
    }
  }

  int devices() {
    return pirs.size() + doors.size() + ledPorts.size();
  }

  /** The UDP port of entrance {@code i}'s LED device (its LED node's {@code led.coap-uri}). */
  int ledPort(int entrance) {
    return ledPorts.get(entrance);
  }

  /** The PIR of entrance {@code i} POSTs {@code json} to {@code uri} (confirmable). */
  void pir(int entrance, String uri, String json, Answer answer) {
    post(pirs.get(entrance), uri, json, answer);
  }

  /** The door sensor of entrance {@code i}'s room POSTs {@code json} to {@code uri} (confirmable). */
  void door(int entrance, String uri, String json, Answer answer) {
    post(doors.get(entrance), uri, json, answer);
  }

  private void post(CoapEndpoint endpoint, String uri, String json, Answer answer) {
    Request request = Request.newPost();
    request.setURI(uri);
    request.setPayload(json);
    request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
    request.addMessageObserver(new MessageObserverAdapter() {
      @Override
      public void onRetransmission() {
        retransmissions.incrementAndGet();
      }

      @Override
      public void onResponse(Response response) {
        answer.accept(response);
      }

      @Override
      public void onTimeout() {
        answer.accept(null);
      }

      @Override
      public void onSendError(Throwable error) {
        answer.accept(null);
      }

      @Override
      public void onReject() {
        answer.accept(null);
      }
    });
    endpoint.sendRequest(request);
  }

  long duplicateLedCommands() {
    return duplicateLedCommands.get();
  }

  long retransmissions() {
    return retransmissions.get();
  }

  @Override
  public void close() {
    leds.destroy();
    pirs.forEach(CoapEndpoint::destroy);
    doors.forEach(CoapEndpoint::destroy);
    executor.shutdownNow();
    timer.shutdownNow();
    if (dtlsWorkers != null) {
      dtlsWorkers.shutdownNow();
    }
  }
}
