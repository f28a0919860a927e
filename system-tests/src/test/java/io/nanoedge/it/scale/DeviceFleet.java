package io.nanoedge.it.scale;

import io.nanoedge.config.NanoConfig;
import io.nanoedge.config.Role;
import io.nanoedge.launcher.Node;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A device JVM of the scale bench: one clustered node (a lite member: it runs only device roles) with the CoAP
 * gateway (the PIRs and door sensors of its entrances POST to it) and, for each of its entrances, the entrance's
 * BLE scanner (simulated, fed by {@code simulate tag} over the bus) and the first LED node of the room's path with
 * the CoAP driver (it PUTs to a simulated LED device). The real role verticles, many instances per JVM, the way
 * the demo deploys its devices. {@code /health/ready} is UP once every instance is deployed.
 *
 * <p>Arguments: the file of the instances, a JSON array of {@code {"role": "ble", "config": {...}}}; the node's
 * own configuration comes from {@code NANOEDGE_*} variables as for any node.
 */
public final class DeviceFleet {
  private DeviceFleet() {
  }

  public static void main(String[] args) throws Exception {
    NanoConfig config = NanoConfig.builder().environment(System.getenv()).systemProperties(System.getProperties())
        .build();
    JsonArray instances = new JsonArray(Files.readString(Path.of(args[0])));
    Node node = Node.start(config, List.of(Role.COAP)).toCompletionStage().toCompletableFuture()
        .get(300, TimeUnit.SECONDS);
    AtomicBoolean deployed = new AtomicBoolean();
    node.readiness().register("fleet", promise -> promise.complete(new Status().setOk(deployed.get())
        .setData(new JsonObject().put("instances", instances.size()))));
    // In batches of 32 at once, not one after the other: a JVM of 500 instances took ~28 s to be ready again after
    // the device-churn run's SIGKILL, longer than the 10 s between kills, so both JVMs were down most of the run.
    JsonObject base = config.toJson();
    for (int from = 0; from < instances.size(); from += 32) {
      List<Future<?>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(instances.size(), from + 32); i++) {
        JsonObject instance = instances.getJsonObject(i);
        batch.add(node.deploy(Role.named(instance.getString("role")),
            base.copy().mergeIn(instance.getJsonObject("config"))));
      }
      Future.all(batch).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
    }
    deployed.set(true);
    System.out.println("fleet: " + instances.size() + " device verticles deployed");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        Runtime.getRuntime().halt(1);
      }
    }));
  }
}
