package io.nanoedge.device.driver;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/** Californium configuration built in code, so no Californium3.properties is written next to the node. */
final class CoapSupport {
  private CoapSupport() {
  }

  static Configuration configuration() {
    CoapConfig.register();
    UdpConfig.register();
    return Configuration.createStandardWithoutFile();
  }
}
