package io.nanoedge.controller;

import static org.assertj.core.api.Assertions.assertThat;
import io.nanoedge.testkit.ControllerHarness;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static io.nanoedge.testkit.ControllerHarness.await;
import static io.nanoedge.testkit.ControllerHarness.eventually;

/** The leader lease on one shared map: one leader, fast takeover when the holder leaves, release on stop. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class LeaderLeaseTest {
  private final Set<String> members = ConcurrentHashMap.newKeySet();
  private final List<String> events = new CopyOnWriteArrayList<>();

  /** The map, counting how often the lease is read (each read is one round of a standby competing). */
  @SuppressWarnings("unchecked")
  private static AsyncMap<String, String> counting(AsyncMap<String, String> map, AtomicInteger gets) {
    return (AsyncMap<String, String>) Proxy.newProxyInstance(AsyncMap.class.getClassLoader(),
        new Class<?>[] {AsyncMap.class}, (proxy, method, args) -> {
          if (method.getName().equals("get")) {
            gets.incrementAndGet();
          }
          return method.invoke(map, args);
        });
  }

  private LeaderLease lease(Vertx vertx, AsyncMap<String, String> map, String node, long leaseMs) {
    members.add(node);
    return new LeaderLease(vertx, map, node, members::contains, leaseMs, new LeaderLease.Listener() {
      @Override
      public void elected() {
        events.add(node + " elected");
      }

      @Override
      public void deposed() {
        events.add(node + " deposed");
      }
    });
  }

  @Test
  void aLeaseWhoseHolderLeftTheClusterIsTakenAtOnceNotAfterItsTtl(Vertx vertx) {
    // GIVEN a 60 s lease held by a node that is no longer a cluster member (killed)
    AsyncMap<String, String> map = await(vertx.sharedData().getAsyncMap("nanoedge.test.lease"));
    await(map.put(LeaderLease.KEY, "dead-node/1", 60_000));
    LeaderLease b = lease(vertx, map, "b", 60_000);
    long start = System.nanoTime();
    // WHEN a standby starts competing
    b.start();
    // THEN it leads within a poll or two
    eventually("b leads", b::leader, Duration.ofSeconds(5));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000).isTrue();
    assertThat(events).isEqualTo(List.of("b elected"));
  }

  @Test
  void aLeaseHeldByALiveMemberIsLeftAlone(Vertx vertx) throws InterruptedException {
    // GIVEN a lease held by a member that is alive
    AsyncMap<String, String> map = await(vertx.sharedData().getAsyncMap("nanoedge.test.lease1"));
    members.add("c");
    await(map.put(LeaderLease.KEY, "c/1", 60_000));
    AtomicInteger looks = new AtomicInteger();
    LeaderLease b = lease(vertx, counting(map, looks), "b", 60_000);
    // WHEN a standby has looked at the lease five times
    b.start();
    ControllerHarness.eventually("the standby looked five times", () -> looks.get() >= 5, Duration.ofSeconds(10));
    // THEN it does not lead
    assertThat(b.leader()).isFalse();
    assertThat(await(map.get(LeaderLease.KEY))).isEqualTo("c/1");
  }

  @Test
  void aStoppingLeaderReleasesTheLeaseAndAnotherLeadsAtOnce(Vertx vertx) {
    AsyncMap<String, String> map = await(vertx.sharedData().getAsyncMap("nanoedge.test.lease2"));
    LeaderLease a = lease(vertx, map, "a", 60_000);
    LeaderLease b = lease(vertx, map, "b", 60_000);
    a.start();
    eventually("a leads", a::leader, Duration.ofSeconds(5));
    b.start();
    assertThat(b.leader()).isFalse();
    // WHEN a stops cleanly (its node stays a member)
    await(a.stop());
    // THEN b leads without waiting for the 60 s lease
    eventually("b leads", b::leader, Duration.ofSeconds(5));
  }
}
