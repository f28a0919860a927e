package io.nanoedge.launcher;

/** The text of {@code --help}. */
final class Usage {
  private Usage() {
  }

  static final String TEXT = """
      nanoedge — local IoT services for a building's smart spaces

      Usage:
        nanoedge run --roles <r1,r2,…|all> [--cluster] [--config <file.yaml>]
        nanoedge health [--live]        exit 0 when this node's /health/ready (or /health/live) answers 200
        nanoedge shell [<command…>]     this node's operator shell (one command, or line by line from stdin)
        nanoedge certs <dir> [--site <name>] [--nodes n1,n2]
                                        the site CA and a key store per node for the cluster's mutual TLS
        nanoedge demo [--no-script]     every role in one JVM, simulated devices, embedded MariaDB
        nanoedge config-doc             print the configuration keys as a Markdown table
        nanoedge --help

      Roles: api, controller, presence, ble, led, room, coap, shell, ops (endpoints only), all
      Configuration: defaults < --config file < NANOEDGE_* environment < -Dnanoedge.* < flags.
      Exit codes: 0 after a clean stop (SIGTERM), 1 on a failure at start, 2 on a usage or configuration error.
      """;
}
