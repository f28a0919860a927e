package io.nanoedge.device.driver;

import io.nanoedge.coap.Californium;
import io.nanoedge.config.ConfigException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LEDs on a device that is a CoAP server: every change is a non-blocking PUT of {@code 1} or {@code 0}
 * (text/plain) to the configured resource. Only the latest state matters, so a failed PUT is logged and
 * the next change (the blink's next toggle) tries again.
 */
public final class CoapLedOutput implements LedOutput {
  private static final Logger LOG = LoggerFactory.getLogger(CoapLedOutput.class);
  private final Vertx vertx;
  private final Context owner;
  private final CoapClient client;
  private final CoapEndpoint endpoint;
  private final String uri;
  private Boolean lastSent;
  private long failures;

  private CoapLedOutput(Vertx vertx, String uri) {
    this.vertx = vertx;
    this.owner = vertx.getOrCreateContext();
    this.uri = validate(uri);
    this.client = new CoapClient(this.uri);
    this.endpoint = CoapEndpoint.builder().setConfiguration(Californium.configuration()).build();
    client.setEndpoint(endpoint);
    client.setTimeout(2000L);
  }

  /** Checks the URI and binds the client's UDP endpoint off the event loop. */
  public static Future<LedOutput> open(Vertx vertx, String uri) {
    CoapLedOutput led;
    try {
      led = new CoapLedOutput(vertx, uri);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      led.endpoint.start();
      return led;
    });
  }

  static String validate(String uri) {
    try {
      URI parsed = new URI(uri);
      if (!"coap".equals(parsed.getScheme()) || parsed.getHost() == null) {
        throw new URISyntaxException(uri, "not coap://host[:port]/path");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("configuration key 'led.coap-uri' must be a coap://host[:port]/path URI, got '"
          + uri + "'");
    }
  }

  @Override
  public String driver() {
    return "coap";
  }

  @Override
  public void set(boolean on) {
    if (Boolean.valueOf(on).equals(lastSent)) {
      return;
    }
    lastSent = on;
    client.put(new CoapHandler() {
      @Override
      public void onLoad(CoapResponse response) {
        if (!response.isSuccess()) {
          owner.runOnContext(v -> failed("answered " + response.getCode()));
        }
      }

      @Override
      public void onError() {
        owner.runOnContext(v -> failed("did not answer"));
      }
    }, on ? "1" : "0", MediaTypeRegistry.TEXT_PLAIN);
  }

  private void failed(String why) {
    lastSent = null;
    if (failures++ % 100 == 0) {
      LOG.warn("LED device {} {} (failure {})", uri, why, failures);
    }
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      try {
        client.put("0", MediaTypeRegistry.TEXT_PLAIN);
      } catch (ConnectorException | IOException e) {
        LOG.warn("LED device {} could not be switched off at close: {}", uri, e.getMessage());
      } finally {
        client.shutdown();
        endpoint.destroy();
      }
      return null;
    });
  }
}
