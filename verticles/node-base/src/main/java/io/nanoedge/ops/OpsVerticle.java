package io.nanoedge.ops;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Empty;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;

/**
 * The ops side of every node: {@code /health/live}, {@code /health/ready}, {@code /metrics} on
 * {@code ops.port}, and {@code GET /nodes/{id}}, which asks another node's agent for its info over the
 * (clustered) bus — a quick way to check who is reachable.
 */
public class OpsVerticle extends VerticleBase {
  /** A probe or a scrape takes milliseconds; a connection quiet this long is someone else's. */
  private static final int OPS_IDLE_SECONDS = 30;
  private final HealthChecks readiness;
  private HttpServer server;
  private Duration busTimeout;

  /** @param readiness the node's readiness procedures, served on {@code /health/ready} */
  public OpsVerticle(HealthChecks readiness) {
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    busTimeout = Duration.ofMillis(config.integer(Keys.BUS_TIMEOUT_MS));
    Router router = Router.router(vertx);
    // Live = this node's event loop answers; a procedure makes the answer 200 with a body rather than 204.
    HealthChecks live = HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(io.vertx.ext.healthchecks.Status.OK()));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    router.get("/nodes/:id").handler(this::nodeInfo);
    // Every node's ops port faces the LAN with no authentication (probes and scrapers): it reads no body (GET routes
    // only, no body handler), and a connection silent for OPS_IDLE_SECONDS is closed so idle sockets pin nothing.
    server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(OPS_IDLE_SECONDS)
        .setHttp2ClearTextEnabled(false)).requestHandler(router);
    return server.listen(config.integer(NodeBaseKeys.OPS_PORT), config.string(NodeBaseKeys.OPS_HOST));
  }

  private void nodeInfo(RoutingContext ctx) {
    Bus.request(vertx.eventBus(), Addresses.NODE_INFO.at(ctx.pathParam("id")), Empty.INSTANCE, busTimeout)
        .onSuccess(info -> ctx.json(info.toJson()))
        .onFailure(t -> {
          ErrorCode code = ErrorCode.of(t);
          ctx.response().setStatusCode(code.status()).putHeader("content-type", "application/json")
              .end(new JsonObject().put("error", code.id()).put("message", t.getMessage()).encode());
        });
  }

  /** The port actually bound (useful when {@code ops.port} is 0). */
  public int port() {
    return server.actualPort();
  }
}
