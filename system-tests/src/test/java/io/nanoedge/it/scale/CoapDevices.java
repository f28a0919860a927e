package io.nanoedge.it.scale;

import io.nanoedge.coap.Californium;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;

/**
 * The simulated hardware of the scale bench, each device a real CoAP endpoint on its own UDP port: per entrance a
 * PIR and a door sensor (CoAP clients that POST to a gateway, confirmable) and an LED device (a CoAP server whose
 * {@code /led} the LED node PUTs {@code 1}/{@code 0} to). All endpoints share one small executor pool, so a
 * thousand devices cost sockets, not a thousand thread pools.
 */
final class CoapDevices implements AutoCloseable {
  /** Told when an LED device receives a state: entrance index, on, nanoTime. */
  interface LedListener {
    void changed(int entrance, boolean on, long nanoTime);
  }

  /** The answer of a confirmable request: the response, or null when it timed out or was refused. */
  interface Answer extends Consumer<Response> {
  }

  private final Configuration config;
  private final ScheduledExecutorService executor;
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

  CoapDevices(String host, int entrances, LedListener listener) {
    config = Californium.configuration();
    // One receiver and one sender thread per endpoint (the defaults scale with the cores, per endpoint).
    config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    executor = ExecutorsUtil.newScheduledThreadPool(4, new NamedThreadFactory("sim-devices#"));
    timer = ExecutorsUtil.newDefaultSecondaryScheduler("sim-devices-timer#");
    leds = new CoapServer(config);
    leds.setExecutors(executor, timer, false);
    for (int i = 0; i < entrances; i++) {
      pirs.add(client(host));
      doors.add(client(host));
      CoapEndpoint led = CoapEndpoint.builder().setConfiguration(config)
          .setInetSocketAddress(new InetSocketAddress(host, 0)).build();
      leds.addEndpoint(led);
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
  }
}
