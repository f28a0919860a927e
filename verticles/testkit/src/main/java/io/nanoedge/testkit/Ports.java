package io.nanoedge.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free ports for tests, so that test JVMs running at once, the nodes they start and developers' nodes never collide.
 *
 * <p>A port the kernel picks ({@code bind(0)}) comes from its ephemeral range, where every outgoing connection of
 * every process on the machine takes its source port too: between the pick and the node's own bind, another test
 * JVM's node could take it ("Address already in use": seen with two failsafe forks). So the ports come from below
 * the ephemeral range (32768 on Linux), a block of {@value #BLOCK} per test JVM ({@code nanoedge.test.fork}, set
 * from surefire's fork number), handed out in turn and checked free before they are given.
 */
public final class Ports {
  static final int FIRST = 10_000;
  static final int BLOCK = 2_500;
  private static final int FORK = Math.max(1, Integer.getInteger("nanoedge.test.fork", 1));
  private static final int LOW = FIRST + ((FORK - 1) % 8) * BLOCK;
  /** Where this JVM starts in its block: random, so that a rerun does not meet its own ports in TIME_WAIT. */
  private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(BLOCK));

  private Ports() {
  }

  public static int freeTcp() {
    return next(true);
  }

  public static int freeUdp() {
    return next(false);
  }

  /** The block's first port after the last one given that can be bound now (by TCP or UDP). */
  static int next(boolean tcp) {
    for (int tries = 0; tries < BLOCK; tries++) {
      int port = LOW + Math.floorMod(NEXT.getAndIncrement(), BLOCK);
      if (tcp ? tcpFree(port) : udpFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + LOW + "-" + (LOW + BLOCK - 1));
  }

  private static boolean tcpFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      // Without SO_REUSEADDR: a port still in TIME_WAIT is skipped rather than given to a node that then fails.
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean udpFree(int port) {
    try (DatagramSocket s = new DatagramSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
