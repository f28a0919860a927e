package io.nanoedge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.config.DbUrl;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.RawCoap;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API's limits, each met with what an outsider would send: uploads without a token, silent and surplus
 * connections, a saturated database pool, CoAP bodies and first blocks on the plain port. Real HTTP over raw
 * sockets, real UDP datagrams, the real MariaDB.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ApiLimitsTest {
  private static final Duration ANSWER = Duration.ofSeconds(10);
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of("http.idle-timeout-s", "2", "db.pool-size", "1", "db.max-waiting", "1"));
  }

  @AfterAll
  static void stop() {
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  @Test
  void uploadWithoutATokenIs401BeforeItsBodyIsReadAndItsConnectionClosed() throws IOException {
    // GIVEN an event (so the upload's path exists)
    long room = api.room("Room U", "room-u", "entrance").getLong("id");
    long event = api.event(room, "Upload", "2030-01-01T10:00:00Z", "2030-01-01T11:00:00Z").getLong("id");
    try (Socket socket = connect(api.httpPort)) {
      // WHEN a token-less client announces a 4 MB document and sends only its first kilobyte
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/events/" + event + "/documents?name=big.pdf HTTP/1.1\r\nHost: x\r\n"
          + "Content-Type: application/pdf\r\nContent-Length: 4000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[1024]);
      out.flush();
      // THEN the answer is 401 although the body is far from complete, and the server closes the connection
      String answer = readUntilClosed(socket);
      assertThat(answer).startsWith("HTTP/1.1 401").contains("\"unauthorized\"");
    }
    assertThat(api.count("event_documents")).isZero();
  }

  @Test
  void chunkedUploadWithoutATokenIs401AndClosedWithinTheLinger() throws IOException {
    try (Socket socket = connect(api.httpPort)) {
      // WHEN a token-less client starts a chunked body (no length announced) and then sends nothing
      socket.getOutputStream().write(("POST /api/persons HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"name\":\"Mallor").getBytes(StandardCharsets.US_ASCII));
      // THEN it gets 401 and its connection is closed, not held open for the rest of the body
      assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 401");
    }
  }

  @Test
  void silentConnectionIsClosedAfterTheIdleTimeout() throws IOException {
    try (Socket socket = connect(api.httpPort)) {
      // WHEN a client connects and sends nothing (http.idle-timeout-s is 2 here)
      // THEN the server closes the connection without an answer
      assertThat(readUntilClosed(socket)).isEmpty();
    }
  }

  @Test
  void stalledAuthenticatedUploadIsClosedAfterTheIdleTimeout() throws IOException {
    try (Socket socket = connect(api.httpPort)) {
      // WHEN the admin starts a body and stalls half-way
      socket.getOutputStream().write(("POST /api/persons HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
          + ApiFixture.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":")
          .getBytes(StandardCharsets.US_ASCII));
      // THEN the connection is closed with nothing stored
      readUntilClosed(socket);
    }
    assertThat(api.count("persons")).isZero();
  }

  @Test
  void fullPoolQueueIs503BusyWithRetryAfterAndNotAnOutage(Vertx vertx) {
    // GIVEN a pool of one connection with one waiting place, and another session holding the persons table
    Pool other = otherSession(vertx, api.dbUrl);
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(api.httpPort), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
    try {
      SqlConnection locker = Eventually.await(other.getConnection());
      Eventually.await(locker.query("LOCK TABLES persons WRITE").execute());
      // WHEN ten reads arrive while the one connection waits for the table
      List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        reads.add(web.get("/api/persons").bearerTokenAuthentication(ApiFixture.TOKEN).send());
      }
      // THEN all but the one running and the one waiting are refused at once: 503 busy with Retry-After
      Eventually.until("eight reads refused", () -> reads.stream().filter(Future::isComplete).count() >= 8,
          ANSWER);
      List<HttpResponse<Buffer>> refused = reads.stream().filter(Future::isComplete).map(Future::result).toList();
      assertThat(refused).hasSize(8).allSatisfy(r -> {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("busy");
        assertThat(r.getHeader("Retry-After")).isEqualTo("1");
      });
      // AND once the table is free the two others are served and the node never stopped being ready
      Eventually.await(locker.query("UNLOCK TABLES").execute());
      for (Future<HttpResponse<Buffer>> read : reads) {
        assertThat(Eventually.await(read).statusCode()).isIn(200, 503);
      }
      assertThat(reads.stream().filter(r -> r.result().statusCode() == 200)).hasSize(2);
      assertThat(api.readiness.checkStatus().await().getUp()).isTrue();
      assertThat(api.admin(HttpMethod.GET, "/api/persons", null).statusCode()).isEqualTo(200);
      locker.close();
    } finally {
      web.close();
      other.close();
    }
  }

  @Test
  void plainCoapRefusesAnAnnouncedLargeUploadAtTheFirstBlock() {
    try (RawCoap peer = new RawCoap(api.coapPort)) {
      // WHEN an unauthenticated peer announces a 4 MiB body in the first block of a block-wise POST
      Request first = Request.newPost();
      first.getOptions().setUriPath("/api/persons").setContentFormat(MediaTypeRegistry.APPLICATION_JSON)
          .setBlock1(6, true, 0).setSize1(4 * 1024 * 1024);
      first.setPayload(new byte[1024]);
      Response response = peer.exchange(first, ANSWER);
      // THEN it is refused at once with 4.13, naming the plain port's limit (coap.small-body-bytes)
      assertThat(response).isNotNull();
      assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
      assertThat(response.getOptions().getSize1()).isEqualTo(1024);
    }
  }

  @Test
  void plainCoapStopsABlockWiseUploadAtTheSmallBodyLimit() {
    try (RawCoap peer = new RawCoap(api.coapPort)) {
      // WHEN an unauthenticated peer sends 256-byte blocks without announcing a size
      ResponseCode last = null;
      int blocks = 0;
      while (blocks < 10 && last != ResponseCode.REQUEST_ENTITY_TOO_LARGE) {
        Request block = Request.newPost();
        block.getOptions().setUriPath("/api/persons").setContentFormat(MediaTypeRegistry.APPLICATION_JSON)
            .setBlock1(4, true, blocks);
        block.setPayload(new byte[256]);
        Response response = peer.exchange(block, ANSWER);
        assertThat(response).isNotNull();
        last = response.getCode();
        blocks++;
      }
      // THEN the first 1024 bytes are taken (2.31 Continue) and the fifth block is refused with 4.13
      assertThat(last).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
      assertThat(blocks).isEqualTo(5);
    }
    assertThat(api.count("persons")).isZero();
  }

  @Test
  void plainCoapRefusesASingleDatagramOverTheSmallBodyLimit() {
    try (RawCoap peer = new RawCoap(api.coapPort)) {
      // WHEN one datagram carries 1500 bytes of body to the plain port
      Request request = new Request(Code.POST);
      request.getOptions().setUriPath("/api/persons").setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
      request.setPayload(new byte[1500]);
      Response response = peer.exchange(request, ANSWER);
      // THEN 4.13, before anything else is looked at
      assertThat(response).isNotNull();
      assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    }
  }

  @Test
  void connectionsBeyondTheCapAreClosedAndTheCapFreesUp(Vertx vertx) throws IOException {
    // GIVEN an API that keeps at most 3 connections
    ApiFixture capped = ApiFixture.start(vertx, Map.of("http.max-connections", "3"));
    List<Socket> held = new ArrayList<>();
    try {
      // WHEN 3 clients hold a connection (each answered once, then kept alive)
      for (int i = 0; i < 3; i++) {
        Socket socket = connect(capped.httpPort);
        held.add(socket);
        assertThat(requestOnce(socket)).startsWith("HTTP/1.1 200");
      }
      // THEN a fourth is closed without an answer
      try (Socket fourth = connect(capped.httpPort)) {
        fourth.getOutputStream().write(openApiRequest());
        assertThat(readUntilClosed(fourth)).isEmpty();
      }
      // AND once one of them leaves, a new client is served again
      held.remove(0).close();
      Eventually.until("a new connection is served", () -> {
        try (Socket socket = connect(capped.httpPort)) {
          return requestOnce(socket).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
          return false;
        }
      }, ANSWER);
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
      capped.stop();
      TestDatabase.dropDatabase(capped.dbUrl);
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout((int) ANSWER.toMillis());
    return socket;
  }

  private static byte[] openApiRequest() {
    return "GET /api/openapi.yaml HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends one keep-alive request and reads its whole answer; "" when the connection is closed first. */
  private static String requestOnce(Socket socket) throws IOException {
    socket.getOutputStream().write(openApiRequest());
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return "";
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    int length = Integer.parseInt(headers.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
    in.readNBytes(length);
    return headers;
  }

  /** Everything the server sends until it closes the connection; fails when it is still open after ANSWER. */
  private static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = socket.getInputStream().read(buffer); n >= 0; n = socket.getInputStream().read(buffer)) {
        all.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open for " + ANSWER + "; it sent: " + all);
    } catch (IOException reset) {
      // A reset is a close too (the server closed with unread data).
      return all.toString(StandardCharsets.UTF_8);
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  private static Pool otherSession(Vertx vertx, String dbUrl) {
    DbUrl url = DbUrl.parse(dbUrl);
    return MySQLBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(new MySQLConnectOptions()
        .setHost(url.host()).setPort(url.port()).setUser(url.user()).setPassword(url.password())
        .setDatabase(url.database())).using(vertx).build();
  }
}
