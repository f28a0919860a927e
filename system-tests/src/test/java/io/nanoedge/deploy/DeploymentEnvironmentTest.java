package io.nanoedge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.config.NanoConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every {@code NANOEDGE_*} variable the deployment files give a service is a configuration key with a valid
 * value: a typo there would stop the node with exit code 2 on the first deploy, far from this repository. The
 * compose and stack files, and every container of the Kubernetes manifests in {@code k8s/}.
 */
class DeploymentEnvironmentTest {

  @TempDir
  Path secrets;

  @ParameterizedTest
  @ValueSource(strings = {"swarm/stack.yml", "swarm/device-node.yml", "docker/compose.yml"})
  void everyServiceEnvironmentIsAValidConfiguration(String file) throws IOException {
    // Docker mounts the secrets at run time; here a stand-in file of the right form takes each one's place.
    Path secret = Files.writeString(secrets.resolve("secret"), "a-secret-of-sixteen-or-more-characters");
    Map<String, Object> root;
    try (Reader reader = Files.newBufferedReader(Path.of("..", file))) {
      root = new Yaml().load(reader);
    }
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) root.get("services");
    int checked = 0;
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      if (!(service.getValue().get("environment") instanceof Map<?, ?> env)) {
        continue;
      }
      Map<String, String> vars = new LinkedHashMap<>();
      env.forEach((k, v) -> {
        if (String.valueOf(k).startsWith("NANOEDGE_")) {
          // Compose interpolation (${X:-default}) is resolved by docker; check the default it falls back to.
          String value = String.valueOf(v).replaceAll("\\$\\{[A-Z_]+:[-?]([^}]*)}", "$1");
          vars.put(String.valueOf(k), value.startsWith("/run/secrets/") ? secret.toString() : value);
        }
      });
      if (vars.isEmpty()) {
        continue;
      }
      NanoConfig config = NanoConfig.builder().environment(vars).build();
      assertThat(config).as(file + " service " + service.getKey()).isNotNull();
      checked++;
    }
    assertThat(checked).as("services with nanoedge settings in " + file).isPositive();
  }

  /** What the downward API gives a pod at run time, in the form a real pod gets it. */
  private static final Map<String, String> DOWNWARD_API = Map.of("status.podIP", "10.42.0.17",
      "metadata.name", "nanoedge-api-5d8f7c9b6d-x2k4p", "spec.nodeName", "pi-entrance");

  @Test
  void everyKubernetesContainerEnvironmentIsAValidConfiguration() throws IOException {
    Path secret = Files.writeString(secrets.resolve("secret"), "a-secret-of-sixteen-or-more-characters");
    List<Path> manifests;
    try (Stream<Path> files = Files.list(Path.of("..", "k8s"))) {
      manifests = files.filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
    }
    assertThat(manifests).as("manifests in k8s/").isNotEmpty();
    List<String> checked = new ArrayList<>();
    for (Path manifest : manifests) {
      try (Reader reader = Files.newBufferedReader(manifest)) {
        for (Object doc : new Yaml().loadAll(reader)) {
          if (!(doc instanceof Map<?, ?> object) || !(object.get("spec") instanceof Map<?, ?> spec)
              || !(spec.get("template") instanceof Map<?, ?> template)
              || !(template.get("spec") instanceof Map<?, ?> podSpec)) {
            continue;
          }
          String workload = manifest.getFileName() + " " + object.get("kind") + "/"
              + ((Map<?, ?>) object.get("metadata")).get("name");
          for (Object c : (List<?>) podSpec.get("containers")) {
            Map<String, String> vars = containerEnvironment(workload, (Map<?, ?>) c, secret);
            if (vars.isEmpty()) {
              continue;
            }
            NanoConfig config = NanoConfig.builder().environment(vars).build();
            assertThat(config).as(workload).isNotNull();
            checked.add(workload);
          }
        }
      }
    }
    // The API, the controllers and the three device DaemonSets (MariaDB has no nanoedge settings).
    assertThat(checked).as("workloads with nanoedge settings in k8s/").hasSize(5);
  }

  private static Map<String, String> containerEnvironment(String workload, Map<?, ?> container, Path secret) {
    Map<String, String> vars = new LinkedHashMap<>();
    if (!(container.get("env") instanceof List<?> env)) {
      return vars;
    }
    for (Object e : env) {
      Map<?, ?> entry = (Map<?, ?>) e;
      String name = String.valueOf(entry.get("name"));
      if (!name.startsWith("NANOEDGE_")) {
        continue;
      }
      String value;
      if (entry.get("valueFrom") instanceof Map<?, ?> from && from.get("fieldRef") instanceof Map<?, ?> field) {
        String path = String.valueOf(field.get("fieldPath"));
        assertThat(DOWNWARD_API).as(workload + " " + name + " from " + path).containsKey(path);
        value = DOWNWARD_API.get(path);
      } else {
        assertThat(entry.get("value")).as(workload + " " + name + ": a value or a downward-API field").isNotNull();
        value = String.valueOf(entry.get("value"));
      }
      // Kubernetes mounts the secrets at run time; a stand-in file of the right form takes each one's place.
      vars.put(name, value.startsWith("/run/secrets/") ? secret.toString() : value);
    }
    return vars;
  }
}
