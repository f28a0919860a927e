import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Fuzzes a node's device fronts with random and truncated input (issue 11): CoAP datagrams (mutated from the seed
 * corpus and pure noise) to the API's plain CoAP port (anonymous: read-only), the DTLS seed port and the CoAP PIR
 * port; bridge frames over TLS
 * (random lengths, truncated, not JSON, mutated logins and motions); HTTP requests to the display. Prints what came
 * back by class and exits 1 on any CoAP 5.xx or HTTP 5xx. Whether the node survived, stayed ready and changed no
 * rows is run.sh's to check.
 *   java DeviceFuzz.java --seconds 20 --seed 1 --corpus bench/fuzz/corpus --coap P --seed-dtls P --pir P
 *     --bridge P --display P
 */
public final class DeviceFuzz {
  private static final Map<String, Integer> OUTCOMES = new TreeMap<>();
  private static int failures;

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].substring(2), args[i + 1]);
    }
    long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
    Random random = new Random(seed);
    long until = System.nanoTime() + Duration.ofSeconds(Long.parseLong(opt.getOrDefault("seconds", "20"))).toNanos();
    List<byte[]> coapSeeds = load(Path.of(opt.get("corpus"), "coap"));
    List<byte[]> frameSeeds = load(Path.of(opt.get("corpus"), "bridge"));
    int[] udp = {Integer.parseInt(opt.get("coap")), Integer.parseInt(opt.get("seed-dtls")),
        Integer.parseInt(opt.get("pir"))};
    int bridge = Integer.parseInt(opt.get("bridge"));
    int display = Integer.parseInt(opt.get("display"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long rounds = 0;
    // One socket per target, so a late answer is never taken for another port's; the DTLS ports answer nothing
    // that is not a handshake, so they are not waited for.
    DatagramSocket[] sockets = new DatagramSocket[udp.length];
    for (int i = 0; i < udp.length; i++) {
      sockets[i] = new DatagramSocket();
      sockets[i].setSoTimeout(i == 0 ? 100 : 1);
    }
    try {
      while (System.nanoTime() < until) {
        rounds++;
        for (int i = 0; i < udp.length; i++) {
          coap(sockets[i], udp[i], mutate(random, coapSeeds));
        }
        if (rounds % 20 == 0) {
          bridge(bridge, random, frameSeeds);
        }
        if (rounds % 10 == 0) {
          display(http, display, random);
        }
      }
    } finally {
      for (DatagramSocket socket : sockets) {
        socket.close();
      }
    }
    System.out.println("fuzz seed " + seed + ": " + rounds + " rounds; outcomes " + OUTCOMES);
    System.out.println(failures == 0 ? "fuzz: 0 server errors" : "fuzz: " + failures + " server errors");
    System.exit(failures == 0 ? 0 : 1);
  }

  private static List<byte[]> load(Path dir) throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        seeds.add(f.toString().endsWith(".hex") ? java.util.HexFormat.of().parseHex(Files.readString(f).strip())
            : Files.readAllBytes(f));
      }
    }
    return seeds;
  }

  /** A seed with random bytes flipped, inserted, cut off, or pure noise (one time in five). */
  static byte[] mutate(Random random, List<byte[]> seeds) {
    if (random.nextInt(5) == 0) {
      byte[] noise = new byte[random.nextInt(300)];
      random.nextBytes(noise);
      return noise;
    }
    byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && b.length > 0; i++) {
      switch (random.nextInt(3)) {
        case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
        default -> {
          byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
          for (int j = b.length; j < longer.length; j++) {
            longer[j] = (byte) random.nextInt(256);
          }
          b = longer;
        }
      }
    }
    return b;
  }

  private static void coap(DatagramSocket socket, int port, byte[] datagram) throws Exception {
    socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
    byte[] buffer = new byte[2048];
    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(reply);
    } catch (SocketTimeoutException e) {
      count("coap:" + port + ":none");
      return;
    }
    if (reply.getLength() >= 2 && (buffer[0] & 0xC0) == 0x40) {
      int code = buffer[1] & 0xFF;
      String name = (code >> 5) + "." + String.format("%02d", code & 0x1F);
      count("coap:" + port + ":" + name);
      if (code >> 5 == 5) {
        failures++;
        System.out.println("server error " + name + " on UDP " + port + " for "
            + java.util.HexFormat.of().formatHex(datagram));
      }
    } else {
      count("coap:" + port + ":other");
    }
  }

  private static void bridge(int port, Random random, List<byte[]> seeds) {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      // The fuzzer attacks the bridge; whose certificate it is does not matter here.
      tls.init(null, new TrustManager[] {new X509TrustManager() {
        public void checkClientTrusted(X509Certificate[] c, String a) { }
        public void checkServerTrusted(X509Certificate[] c, String a) { }
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
      }}, null);
      try (Socket socket = tls.getSocketFactory().createSocket("127.0.0.1", port)) {
        socket.setSoTimeout(300);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        byte[] frame = mutate(random, seeds);
        switch (random.nextInt(3)) {
          case 0 -> out.writeInt(frame.length);
          case 1 -> out.writeInt(random.nextInt());
          default -> { }
        }
        out.write(frame);
        out.flush();
        InputStream in = socket.getInputStream();
        int first = in.read();
        count(first < 0 ? "bridge:closed" : "bridge:answered");
      }
    } catch (SocketTimeoutException e) {
      count("bridge:silent");
    } catch (Exception e) {
      count("bridge:" + e.getClass().getSimpleName());
    }
  }

  private static void display(HttpClient http, int port, Random random) {
    String[] paths = {"/", "/state", "/events", "/documents/1", "/documents/%00", "/?pair=", "/?pair=x",
        "/" + "a".repeat(random.nextInt(3000)), "/documents/" + random.nextLong(), "/../etc/passwd"};
    String path = paths[random.nextInt(paths.length)];
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + path.replace("%00", "%2500"))).timeout(Duration.ofSeconds(2));
      if (random.nextBoolean()) {
        byte[] cookie = new byte[random.nextInt(80)];
        random.nextBytes(cookie);
        request.header("cookie", "nanoedge-display=" + java.util.HexFormat.of().formatHex(cookie));
      }
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      count("http:" + status);
      if (status >= 500) {
        failures++;
        System.out.println("server error " + status + " on the display for " + path);
      }
    } catch (Exception e) {
      count("http:" + e.getClass().getSimpleName());
    }
  }

  private static void count(String outcome) {
    OUTCOMES.merge(outcome, 1, Integer::sum);
  }
}
