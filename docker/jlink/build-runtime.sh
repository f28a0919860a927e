#!/bin/sh
# Builds the trimmed Java runtime of the image: only the modules nanoedge.jar needs (docker/jlink/modules).
#   docker/jlink/build-runtime.sh <output-dir> [modules-file]
# The module list came from `jdeps --ignore-missing-deps --multi-release 17 --print-module-deps nanoedge.jar`,
# plus modules loaded only by reflection or ServiceLoader, which jdeps cannot see:
#   jdk.crypto.ec   elliptic curves for TLS and CoAP over DTLS (Californium/Scandium)
#   jdk.naming.dns  DNS lookups through JNDI (tasks.<service> names in a Swarm stack)
# Re-run jdeps after adding a dependency and update the list.
set -eu
out=${1:?usage: build-runtime.sh <output-dir> [modules-file]}
here=$(cd "$(dirname "$0")" && pwd)
modules=$(tr -d ' \n' < "${2:-$here/modules}")
rm -rf "$out"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out"
"$out/bin/java" -version 2>&1 | head -1
du -sh "$out" | cut -f1
