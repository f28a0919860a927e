package io.nanoedge.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;

/** Free ports for tests, so parallel test runs and developers' nodes never collide. */
public final class Ports {
  private Ports() {
  }

  public static int freeTcp() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freeUdp() {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
