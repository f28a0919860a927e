package io.nanoedge.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The single-node controller's journal: what it held is there again after a restart (a new instance). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalMapTest {
  @TempDir
  Path dir;

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void entriesWrittenAndRemovedAreWhatANewInstanceReads(Vertx vertx) throws Exception {
    // GIVEN a journal with three visits written, one replaced and one removed
    JournalMap first = await(JournalMap.open(vertx, dir));
    await(first.put("v1", "{\"id\":\"v1\",\"step\":1}"));
    await(first.put("v2", "{\"id\":\"v2\"}"));
    await(first.put("v3", "{\"id\":\"v3\"}"));
    await(first.put("v1", "{\"id\":\"v1\",\"step\":2}"));
    assertThat(await(first.remove("v2"))).isEqualTo("{\"id\":\"v2\"}");
    // WHEN the node restarts (another instance on the same directory)
    JournalMap second = await(JournalMap.open(vertx, dir));
    // THEN it reads the latest state of what was left, and nothing removed
    assertThat(await(second.entries())).isEqualTo(Map.of("v1", "{\"id\":\"v1\",\"step\":2}", "v3", "{\"id\":\"v3\"}"));
    assertThat(await(second.size())).isEqualTo(2);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("v1.json", "v3.json");
    }
  }

  @Test
  void anEntryPastItsTimeToLiveIsGoneAfterARestart(Vertx vertx) throws Exception {
    JournalMap first = await(JournalMap.open(vertx, dir));
    await(first.put("7", "journey-a", 1));
    await(first.put("8", "journey-b", 60_000));
    await(vertx.timer(20));
    JournalMap second = await(JournalMap.open(vertx, dir));
    assertThat(await(second.entries())).isEqualTo(Map.of("8", "journey-b"));
    assertThat(dir.resolve("7.json")).doesNotExist();
  }

  @Test
  void anUnreadableFileIsSetAsideAndTheRestIsRead(Vertx vertx) throws Exception {
    JournalMap first = await(JournalMap.open(vertx, dir));
    await(first.put("v1", "{}"));
    Files.writeString(dir.resolve("v2.json"), "{\"key\":\"v2\",\"val");
    JournalMap second = await(JournalMap.open(vertx, dir));
    assertThat(await(second.entries())).isEqualTo(Map.of("v1", "{}"));
    assertThat(dir.resolve("v2.json.unreadable")).exists();
  }

  @Test
  void conditionalWritesFollowTheMapContract(Vertx vertx) throws Exception {
    JournalMap map = await(JournalMap.open(vertx, dir));
    assertThat(await(map.putIfAbsent("k", "a"))).isNull();
    assertThat(await(map.putIfAbsent("k", "b"))).isEqualTo("a");
    assertThat(await(map.replaceIfPresent("k", "x", "c"))).isFalse();
    assertThat(await(map.replaceIfPresent("k", "a", "c"))).isTrue();
    assertThat(await(map.removeIfPresent("k", "a"))).isFalse();
    assertThat(await(JournalMap.open(vertx, dir)).get("k").toCompletionStage().toCompletableFuture().get())
        .isEqualTo("c");
    await(map.clear());
    assertThat(await(await(JournalMap.open(vertx, dir)).size())).isZero();
  }
}
