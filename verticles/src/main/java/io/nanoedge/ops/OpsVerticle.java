package io.nanoedge.ops;

import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** Serves {@code /health/live}, {@code /health/ready} and {@code /metrics} on {@code ops.port} on every node. */
public class OpsVerticle extends VerticleBase {
  private HttpServer server;

  @Override
  public Future<?> start() {
    NanoConfig config = NanoConfig.fromJson(config());
    Router router = Router.router(vertx);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(NodeHealth.readiness(vertx)));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(config.integer(Keys.OPS_PORT), config.string(Keys.OPS_HOST));
  }

  /** The port actually bound (useful when {@code ops.port} is 0). */
  public int port() {
    return server.actualPort();
  }
}
