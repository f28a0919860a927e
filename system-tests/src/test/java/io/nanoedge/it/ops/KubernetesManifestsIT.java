package io.nanoedge.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests in {@code k8s/} pass k8s/validate.sh: the Kubernetes API schemas (kubernetes-models),
 * strict field names (the client models of @kubernetes/client-node), the links between objects, and
 * {@code kubectl kustomize} where kubectl is installed. No cluster runs here, so this is the whole check of the
 * manifests. Skips only where validate.sh says its tools cannot be had (exit 3).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KubernetesManifestsIT {

  @TempDir
  Path work;

  private static Path root() {
    // the repository root: two folders above docker/target/nanoedge.jar
    return Path.of(System.getProperty("nanoedge.jar")).getParent().getParent().getParent();
  }

  private static Result validate(Path dir) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", root().resolve("k8s/validate.sh").toString()));
    if (dir != null) {
      command.add(dir.toString());
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(280, TimeUnit.SECONDS)).isTrue();
    System.out.print(out);
    assumeTrue(p.exitValue() != 3, "skipped: the Kubernetes validators cannot be had here: " + out.trim());
    return new Result(p.exitValue(), out);
  }

  private record Result(int exit, String out) {
  }

  @Test
  void manifestsAreValidAgainstTheKubernetesApiSchemas() throws IOException, InterruptedException {
    // WHEN validate.sh checks every manifest
    Result result = validate(null);
    // THEN all pass, each file of them
    assertThat(result.exit()).as(result.out()).isZero();
    List<String> manifests;
    try (Stream<Path> files = Files.list(root().resolve("k8s"))) {
      manifests = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
          .filter(f -> !f.equals("kustomization.yaml")).sorted().toList();
    }
    assertThat(manifests).contains("api.yaml", "controller.yaml", "devices.yaml", "db.yaml", "members.yaml",
        "networkpolicy.yaml", "namespace.yaml");
    for (String manifest : manifests) {
      assertThat(result.out()).contains("ok    " + manifest + " (");
    }
    assertThat(result.out()).contains("ok    kustomization.yaml (resources)", "all Kubernetes manifests are valid");
  }

  @Test
  void aMisspeltFieldAndABrokenSecretReferenceFail() throws IOException, InterruptedException {
    // GIVEN a copy of the manifests with a field name the API does not have and a Secret key nobody generates
    Path copy = Files.createDirectories(work.resolve("k8s"));
    try (Stream<Path> files = Files.list(root().resolve("k8s"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Path api = copy.resolve("api.yaml");
    String text = Files.readString(api);
    assertThat(text).contains("readinessProbe:", "- key: tag_key");
    Files.writeString(api, text.replaceFirst("readinessProbe:", "readynessProbe:")
        .replaceFirst("- key: tag_key", "- key: tag-key"));
    // WHEN validate.sh checks the copy
    Result result = validate(copy);
    // THEN it fails and names both
    assertThat(result.exit()).as(result.out()).isEqualTo(1);
    assertThat(result.out()).contains("FAIL  api.yaml",
        "containers[0].readynessProbe: unknown field (V1Container has no 'readynessProbe')",
        "Secret 'nanoedge-tag-key' has no key 'tag-key'");
  }
}
