// A CoAP load client for the nanoedge API (Californium). Run with the source launcher and the nanoedge jar
// on the class path:  java -cp docker/target/nanoedge.jar bench/api/CoapLoad.java --uri coap://127.0.0.1:5683/api/rooms/1
// It keeps --inflight requests outstanding, spread round-robin over --endpoints client endpoints (one UDP
// socket each: a single endpoint runs out of message ids past ~61k requests per exchange lifetime), for
// --seconds after a --warmup (each in-flight lane sticks to one endpoint), and prints requests/s with p50/p99 latency. In a POST --body, {start} and {end}
// become a fresh one-hour slot per request, so events never overlap.
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

public class CoapLoad {
  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new ConcurrentHashMap<>(Map.of("method", "GET", "seconds", "10", "warmup", "3",
        "inflight", "32", "endpoints", "4", "body", "", "psk", "", "label", ""));
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    if (!opt.containsKey("uri")) {
      System.err.println("usage: CoapLoad --uri coap[s]://host:port/path [--method GET|POST] [--body json] "
          + "[--psk identity:key] [--seconds 10] [--warmup 3] [--inflight 32] [--endpoints 4] [--label name]");
      System.exit(2);
    }
    URI uri = URI.create(opt.get("uri"));
    CoapConfig.register();
    UdpConfig.register();
    DtlsConfig.register();
    Configuration config = Configuration.createStandardWithoutFile();
    config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
    config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(opt.get("endpoints")); i++) {
      CoapEndpoint.Builder builder = new CoapEndpoint.Builder().setConfiguration(config);
      if (uri.getScheme().equals("coaps")) {
        String[] psk = opt.get("psk").split(":", 2);
        builder.setConnector(new DTLSConnector(DtlsConnectorConfig.builder(config)
            .setAddress(new InetSocketAddress("127.0.0.1", 0))
            .setAdvancedPskStore(new AdvancedSinglePskStore(psk[0], psk[1].getBytes(StandardCharsets.UTF_8)))
            .build()));
      } else {
        builder.setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0));
      }
      Endpoint endpoint = builder.build();
      endpoint.start();
      endpoints.add(endpoint);
    }
    Load load = new Load(uri, Code.valueOf(opt.get("method")), opt.get("body"), endpoints);
    int inflight = Integer.parseInt(opt.get("inflight"));
    for (int lane = 0; lane < inflight; lane++) {
      load.next(lane);
    }
    Thread.sleep(Long.parseLong(opt.get("warmup")) * 1000);
    load.measure();
    long seconds = Long.parseLong(opt.get("seconds"));
    Thread.sleep(seconds * 1000);
    long[] samples = load.stop();
    Arrays.sort(samples);
    double perSecond = samples.length / (double) seconds;
    System.out.printf("%-28s coap  %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d  (%d in flight, %d endpoints)%n",
        opt.get("label").isEmpty() ? opt.get("method") + " " + uri.getPath() : opt.get("label"), perSecond,
        percentile(samples, 0.50) / 1e6, percentile(samples, 0.99) / 1e6, load.errors.sum(), inflight,
        endpoints.size());
    endpoints.forEach(Endpoint::destroy);
    System.exit(0);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** Keeps requests going: each completion (or failure) sends the next one on the next endpoint. */
  static final class Load {
    private static final Instant BASE = Instant.parse("2040-01-01T00:00:00Z");
    private final URI uri;
    private final Code method;
    private final String body;
    private final List<Endpoint> endpoints;
    private final AtomicLong counter = new AtomicLong();
    private final LongAdder errors = new LongAdder();
    private volatile boolean measuring;
    private volatile boolean stopped;
    private final long[] samples = new long[5_000_000];
    private final AtomicLong sampleCount = new AtomicLong();

    Load(URI uri, Code method, String body, List<Endpoint> endpoints) {
      this.uri = uri;
      this.method = method;
      this.body = body;
      this.endpoints = endpoints;
    }

    void measure() {
      errors.reset();
      measuring = true;
    }

    long[] stop() {
      stopped = true;
      measuring = false;
      return Arrays.copyOf(samples, (int) Math.min(sampleCount.get(), samples.length));
    }

    /**
     * Sends the next request of a lane; a lane always uses the same endpoint, so with as many endpoints as
     * lanes no endpoint has two transfers of one resource in flight (Californium keys block-wise transfers
     * by endpoint and URI, and concurrent ones of the same resource cancel each other).
     */
    void next(int lane) {
      if (stopped) {
        return;
      }
      long n = counter.getAndIncrement();
      Request request = new Request(method);
      request.setURI(uri);
      if (!body.isEmpty()) {
        Instant start = BASE.plusSeconds(3600 * n);
        request.setPayload(body.replace("{start}", start.toString()).replace("{end}", start.plusSeconds(3600).toString()));
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
      }
      long sent = System.nanoTime();
      request.addMessageObserver(new MessageObserverAdapter() {
        @Override
        public void onResponse(Response response) {
          if (measuring) {
            if (response.isSuccess()) {
              long i = sampleCount.getAndIncrement();
              if (i < samples.length) {
                samples[(int) i] = System.nanoTime() - sent;
              }
            } else {
              errors.increment();
            }
          }
          next(lane);
        }

        @Override
        protected void failed() {
          errors.increment();
          next(lane);
        }
      });
      endpoints.get(lane % endpoints.size()).sendRequest(request);
    }
  }
}
