package io.nanoedge.launcher;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.SiteCertificates;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code nanoedge certs <dir> [--site <name>] [--nodes n1,n2]}: the site CA and a key store per node for the
 * clustered event bus's mutual TLS ({@link SiteCertificates}), with the keys that point a node at them.
 */
final class CertsCommand {
  static final String DEFAULT_SITE = "nanoedge";
  static final String DEFAULT_NODE = "member";

  private CertsCommand() {
  }

  static int run(String[] args, PrintStream out) {
    String dir = null;
    String site = DEFAULT_SITE;
    List<String> nodes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        // --out and --node: the spelling of k8s/make-secrets.sh; --node may be repeated.
        case "--out" -> dir = Main.value(args, ++i, "--out");
        case "--site" -> site = Main.value(args, ++i, "--site");
        case "--nodes", "--node" -> nodes.addAll(Arrays.stream(Main.value(args, ++i, args[i - 1]).split(","))
            .map(String::trim).filter(n -> !n.isEmpty()).toList());
        default -> {
          if (args[i].startsWith("--") || dir != null) {
            throw new ConfigException("unknown option '" + args[i] + "' for certs; try --help");
          }
          dir = args[i];
        }
      }
    }
    if (dir == null) {
      throw new ConfigException("certs needs a directory: nanoedge certs <dir> [--site <name>] [--nodes n1,n2]");
    }
    if (nodes.isEmpty()) {
      nodes.add(DEFAULT_NODE);
    }
    SiteCertificates.Result result = SiteCertificates.make(Path.of(dir), site, nodes);
    Path d = result.dir();
    out.println((result.caCreated() ? "site CA for '" + site + "' created: " : "site CA kept: ")
        + d.resolve(SiteCertificates.CA_STORE) + " (signs node certificates: keep it off the nodes)");
    result.created().forEach(n -> out.println("node " + n + ": " + SiteCertificates.nodeStore(d, n)));
    result.kept().forEach(n -> out.println("node " + n + ": " + SiteCertificates.nodeStore(d, n) + " exists (kept)"));
    out.println("on each node: NANOEDGE_CLUSTER_TLS_KEYSTORE=<its .p12> NANOEDGE_CLUSTER_TLS_TRUSTSTORE="
        + d.resolve(SiteCertificates.TRUST_STORE) + " NANOEDGE_CLUSTER_TLS_PASSWORD_FILE="
        + d.resolve(SiteCertificates.PASSWORD));
    return 0;
  }
}
