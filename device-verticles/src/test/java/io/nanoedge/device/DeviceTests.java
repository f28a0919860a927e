package io.nanoedge.device;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.config.Keys;
import io.nanoedge.config.Modules;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.testkit.Eventually;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Helpers for device tests: configs from key/value pairs, blocking waits, LED pin sampling. */
public final class DeviceTests {
  public static final String TAG_KEY = "test-tag-key-0123456789";

  private DeviceTests() {
  }

  /** A deployment config: defaults, a test node id and tag key, then the given key/value pairs. */
  public static JsonObject config(String... pairs) {
    NanoConfig config = NanoConfig.defaults().with(Keys.NODE_ID, "test-node").with(Keys.TAG_KEY, TAG_KEY);
    for (int i = 0; i < pairs.length; i += 2) {
      config = config.with(Modules.key(pairs[i]).orElseThrow(), pairs[i + 1]);
    }
    return config.toJson();
  }

  public static String deploy(Vertx vertx, String verticle, JsonObject config) {
    return await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e.getCause() == null ? e : e.getCause());
    }
  }

  /** The {@link NanoException} a command failed with; an assertion error if it succeeded. */
  public static NanoException failure(Future<?> future) {
    try {
      await(future);
    } catch (AssertionError e) {
      if (e.getCause() instanceof NanoException ne) {
        return ne;
      }
      throw e;
    }
    throw new AssertionError("expected a failure");
  }

  /** Collects every motion published from now on. */
  public static List<Motion> motions(Vertx vertx) {
    List<Motion> motions = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.MOTION.address(), m -> motions.add(Motion.fromJson(m.body())))
        .completion());
    return motions;
  }

  /** Whether {@code condition} holds within {@code ms} (a bounded wait, never a fixed sleep). */
  public static boolean eventually(long ms, java.util.function.BooleanSupplier condition) {
    return Eventually.within(Duration.ofMillis(ms), condition);
  }
}
