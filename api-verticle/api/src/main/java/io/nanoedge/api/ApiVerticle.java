package io.nanoedge.api;

import io.nanoedge.api.bus.ApiBusServices;
import io.nanoedge.api.bus.NodeServices;
import io.nanoedge.api.coap.CoapFront;
import io.nanoedge.api.console.ConsoleOptions;
import io.nanoedge.api.console.ConsolePages;
import io.nanoedge.api.console.ConsoleRoutes;
import io.nanoedge.api.console.LiveBoard;
import io.nanoedge.api.console.SessionAuthenticator;
import io.nanoedge.api.console.Sessions;
import io.nanoedge.api.console.SignInThrottle;
import io.nanoedge.api.db.Database;
import io.nanoedge.api.front.ApiOperations;
import io.nanoedge.api.front.BearerAuthenticator;
import io.nanoedge.api.front.HttpAuthenticator;
import io.nanoedge.api.front.HttpFront;
import io.nanoedge.api.service.AccountService;
import io.nanoedge.api.service.AuthService;
import io.nanoedge.api.service.BackupService;
import io.nanoedge.api.service.DeviceService;
import io.nanoedge.api.service.DocumentService;
import io.nanoedge.api.service.EventService;
import io.nanoedge.api.service.Passwords;
import io.nanoedge.api.service.PersonService;
import io.nanoedge.api.service.RetentionService;
import io.nanoedge.api.service.RoomService;
import io.nanoedge.api.service.RouteService;
import io.nanoedge.api.service.TagService;
import io.nanoedge.api.service.TemplateService;
import io.nanoedge.api.service.VisitService;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.DevicePsk;
import io.nanoedge.bus.DevicesChanged;
import io.nanoedge.bus.TagHash;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.health.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code api} role: persons, rooms, tags, events and visits on MySQL, served over HTTP and CoAP, plus
 * the event-bus commands of the workflow and the shell (authenticate, status append, documents, event route,
 * visit, backup). Starts even when the database is down (not ready, 503 on data requests) and picks it up
 * when it returns.
 */
public final class ApiVerticle extends RoleVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  private Database db;
  private CoapFront coap;
  private HttpServer http;
  private long retentionTimer = -1;
  private static final long FIRST_SWEEP_MS = 60_000;
  private LiveBoard board;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    ApiOptions options = ApiOptions.from(config);
    Duration busTimeout = Duration.ofMillis(config.integer(Keys.BUS_TIMEOUT_MS));
    ApiOptions.Limits limits = options.limits();
    db = new Database(vertx, options.db(), options.poolSize(), limits.dbMaxWaiting(), options.connectTimeout(),
        options.reconnectMax());
    db.start();
    readiness().register("db", options.connectTimeout().toMillis() + 500,
        promise -> db.health().onComplete(promise));

    RetentionService retention = new RetentionService(db, Duration.ofDays(config.integer(ApiKeys.RETENTION_DAYS)));
    DocumentService documents = new DocumentService(db, options.documentMaxBytes());
    EventService events = new EventService(db);
    VisitService visits = new VisitService(db);
    if (options.deviceKey().isEmpty()) {
      LOG.warn("device.key is not set: devices cannot be registered and no device credential is served, so every "
          + "device front refuses every device");
    }
    DeviceService devices = new DeviceService(db, options.deviceKey().isEmpty() ? null
        : new DevicePsk(options.deviceKey()), Set.of(options.pskIdentity()),
        id -> Bus.publish(vertx.eventBus(), Addresses.DEVICES_CHANGED, new DevicesChanged(id)));
    ConsoleOptions console = ConsoleOptions.from(config);
    Passwords passwords = new Passwords(vertx, console.bcryptCost());
    ApiOperations operations = new ApiOperations(List.of(new PersonService(db), new RoomService(db),
        new TagService(db, new TagHash(options.tagKey())), events, new TemplateService(db),
        new AccountService(db, passwords)), events, documents, visits, devices,
        admit -> Bus.request(vertx.eventBus(), Addresses.ADMIT, admit, busTimeout),
        new NodeServices(vertx.eventBus(), config.string(Keys.NODE_ID),
            Duration.ofMillis(config.integer(Keys.SERVICE_TIMEOUT_MS)).plus(busTimeout))::send,
        options.publicRead());
    int bodyLimit = Math.max(options.maxBodyBytes(), options.documentMaxBytes());
    CoapFront.Settings coapSettings = new CoapFront.Settings(options.coapHost(), options.coapPort(),
        options.coapsPort(), options.pskIdentity(), options.pskKey(), options.plainCoapMutations(),
        options.maxBodyBytes(), bodyLimit + 1024, limits.coapSmallBodyBytes(), limits.coapBlockwiseLifetime(),
        limits.coapMaxPeers());

    Future<?> busReady = new ApiBusServices(vertx.eventBus(), new AuthService(db, options.authLead()), visits,
        documents, new RouteService(db, options.authLead()),
        new BackupService(vertx, db, config.string(ApiKeys.BACKUP_DIR), retention.keep()), devices).register();
    startRetention(retention, Duration.ofMinutes(config.integer(ApiKeys.RETENTION_SWEEP_MINUTES)));
    Sessions sessions = new Sessions(db, passwords, new SignInThrottle(console.accountFailures(),
        console.addressFailures(), console.failureWindow(), System::currentTimeMillis), console.sessionLife(),
        console.idle());
    // Asked in order before any body is read: the admin token first, then the console's session cookie.
    List<HttpAuthenticator> authenticators = List.of(new BearerAuthenticator(options.adminToken()),
        new SessionAuthenticator(sessions, console.cookieName()));
    board = new LiveBoard(vertx, visits, console.boardMaxClients());
    Future<Buffer> spec = vertx.executeBlocking(ApiVerticle::openApi);
    Future<ConsolePages> pages = vertx.executeBlocking(ConsolePages::load);
    Future<HttpServer> httpReady = Future.all(spec, pages).compose(loaded -> {
      HttpFront front = new HttpFront(operations, authenticators, options.maxBodyBytes(), options.documentMaxBytes(),
          spec.result());
      Router router = pages.result().addTo(new ConsoleRoutes(sessions, board, front, console)
          .addTo(front.router(vertx)));
      return board.start().compose(v -> HttpFront.listen(vertx, router, options.httpHost(), options.httpPort(),
          limits.httpIdleTimeout(), limits.httpMaxConnections()));
    }).onSuccess(server -> http = server);
    // Californium's set-up (DTLS crypto, socket binding) blocks for a while: keep it off the event loop.
    Future<Void> coapReady = vertx.executeBlocking(() -> {
      CoapFront front = new CoapFront(operations, context, coapSettings,
          options.deviceKey().isEmpty() ? null : devices::credential);
      front.start();
      return front;
    }).map(front -> {
      coap = front;
      Bus.subscribe(vertx.eventBus(), Addresses.STATUS_CHANGED, record -> front.visitChanged(record.visitId()));
      return null;
    });
    // Vert.x does not call stop() after a failed start: release what did start (ports, pool, readiness) here.
    return Future.join(busReady, httpReady, coapReady)
        .recover(t -> stop().transform(x -> Future.failedFuture(t)))
        .onSuccess(v -> LOG.info("api listening: http {}, coap {}, coaps {} ({})", http.actualPort(),
            coap.port(false), coap.port(true), options));
  }

  /** Sweeps a minute after the start (the database has had time to come up), then every {@code every}. */
  private void startRetention(RetentionService retention, Duration every) {
    retentionTimer = vertx.setPeriodic(FIRST_SWEEP_MS, every.toMillis(), id -> {
      if (!db.ready()) {
        return;
      }
      retention.sweep(Instant.now())
          .onSuccess(deleted -> {
            if (deleted.stream().anyMatch(e -> ((Number) e.getValue()).intValue() > 0)) {
              LOG.info("retention ({} days): deleted {}", retention.keep().toDays(), deleted.encode());
            }
          })
          .onFailure(t -> LOG.warn("retention sweep failed, next in {} min: {}", every.toMinutes(), t.toString()));
    });
  }

  private static Buffer openApi() throws IOException {
    try (InputStream in = ApiVerticle.class.getResourceAsStream("/nanoedge/api/openapi.yaml")) {
      if (in == null) {
        throw new IOException("openapi.yaml missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    }
  }

  @Override
  public Future<?> stop() {
    readiness().unregister("db");
    if (retentionTimer >= 0) {
      vertx.cancelTimer(retentionTimer);
    }
    Future<?> coapStopped = coap == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      coap.stop();
      return null;
    });
    Future<?> httpClosed = http == null ? Future.succeededFuture() : http.close();
    Future<?> boardStopped = board == null ? Future.succeededFuture() : board.stop();
    return Future.join(coapStopped, httpClosed, boardStopped, db == null ? Future.succeededFuture() : db.close());
  }
}
