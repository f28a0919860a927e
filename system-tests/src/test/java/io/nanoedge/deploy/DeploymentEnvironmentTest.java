package io.nanoedge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.config.NanoConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every {@code NANOEDGE_*} variable the deployment files give a service is a configuration key with a valid
 * value: a typo there would stop the node with exit code 2 on the first deploy, far from this repository.
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
}
