package io.nanoedge.device.driver;

import io.nanoedge.coap.Californium;
import io.nanoedge.coap.DeviceDtls;
import io.nanoedge.config.ConfigException;
import io.nanoedge.device.DeviceSettings;
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
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LEDs on a device that is a CoAP server: every change is a non-blocking PUT of {@code 1} or {@code 0}
 * (text/plain) to the configured resource, over DTLS with the LED device's registered credential (both ends hold
 * it, so each knows the other), or plain CoAP where the site allowed it. Only the latest state matters, so a
 * failed PUT is logged and the next change (the blink's next toggle) tries again.
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

  private CoapLedOutput(Vertx vertx, String uri, DeviceSettings.LedCredential credential, boolean plainAllowed) {
    this.vertx = vertx;
    this.owner = vertx.getOrCreateContext();
    this.uri = validate(uri);
    this.client = new CoapClient(this.uri);
    Configuration config = Californium.configuration();
    CoapEndpoint.Builder builder = Californium.endpoint(config);
    if (this.uri.startsWith("coaps:")) {
      if (credential == null) {
        throw new ConfigException("configuration keys 'led.coap-identity' and 'led.coap-key' (or led.coap-key-file) "
            + "must name the LED device's registered credential for " + this.uri);
      }
      builder.setConnector(DeviceDtls.client(config, credential.identity(), credential.key()));
    } else if (!plainAllowed) {
      throw new ConfigException("configuration key 'led.coap-uri' is plain coap:// (" + this.uri + "): use coaps:// "
          + "with the LED device's credential, or set coap.device-plain");
    } else {
      LOG.warn("coap.device-plain is true: the LED device {} is driven over plain CoAP, unauthenticated", this.uri);
    }
    this.endpoint = builder.build();
    client.setEndpoint(endpoint);
    client.setTimeout(2000L);
  }

  /** Checks the URI and credential and binds the client's UDP endpoint off the event loop. */
  public static Future<LedOutput> open(Vertx vertx, String uri, DeviceSettings.LedCredential credential,
      boolean plainAllowed) {
    CoapLedOutput led;
    try {
      led = new CoapLedOutput(vertx, uri, credential, plainAllowed);
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
      if (!("coap".equals(parsed.getScheme()) || "coaps".equals(parsed.getScheme())) || parsed.getHost() == null) {
        throw new URISyntaxException(uri, "not coaps://host[:port]/path");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("configuration key 'led.coap-uri' must be a coaps://host[:port]/path (or coap://) URI, "
          + "got '" + uri + "'");
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
