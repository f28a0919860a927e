#!/bin/sh
# Builds the trimmed Java runtime of the image: only the modules nanoedge.jar needs (docker/jlink/modules).
#   docker/jlink/build-runtime.sh <output-dir> [modules-file]
# The module list came from `jdeps --ignore-missing-deps --multi-release 17 --print-module-deps nanoedge.jar`,
# plus modules loaded only by reflection or ServiceLoader, which jdeps cannot see:
#   jdk.crypto.ec   elliptic curves for TLS and CoAP over DTLS (Californium/Scandium)
#   jdk.naming.dns  DNS lookups through JNDI (tasks.<service> names in a Swarm stack)
# Re-run jdeps after adding a dependency and update the list.
#
# Besides the modules, what keeps it small (measured on Debian's JDK 17.0.15, amd64):
#   --strip-debug --no-man-pages --no-header-files --compress=2   the usual jlink trims
#   --exclude-files  java.desktop's native graphics and sound libraries: nanoedge needs the module only for
#                    java.beans (Jackson, Hazelcast), never AWT, so these are never loaded, and without them the
#                    image needs no freetype, X11 or ALSA libraries either (-2.3 MB, and the closure of libs)
#   --generate-cds-archive  the JDK's own class-data-sharing archive (lib/server/classes.jsa, 12 MB): every JVM
#                    of the image, the node and each health check, maps the JDK's core classes instead of
#                    parsing them (a short-lived JVM starts in ~185 ms instead of ~270 ms). The archive for
#                    heaps over 32 GB (classes_nocoops.jsa, 11 MB) is removed: a node never has one.
#   strip --strip-unneeded  the symbol table of libjvm.so (Debian's is not stripped; -4 MB), when `strip` is
#                    installed (Debian's binutils; the official eclipse-temurin images have it). Only native
#                    frames in a crash log lose their names.
set -eu
out=${1:?usage: build-runtime.sh <output-dir> [modules-file]}
here=$(cd "$(dirname "$0")" && pwd)
modules=$(tr -d ' \n' < "${2:-$here/modules}")
graphics=""
for lib in awt awt_xawt awt_headless fontmanager freetype jawt javajpeg jsound lcms mlib_image splashscreen; do
  graphics="$graphics,glob:**/lib$lib.so"
done
# --strip-debug also strips native debug symbols, with objcopy: a machine without binutils (a bare JDK) strips
# only the Java debug attributes.
strip_debug=--strip-debug
command -v objcopy >/dev/null 2>&1 || strip_debug=--strip-java-debug-attributes
rm -rf "$out"
log=$(mktemp)
jlink --add-modules "$modules" "$strip_debug" --no-man-pages --no-header-files --compress=2 \
  --exclude-files="${graphics#,}" --generate-cds-archive --output "$out" >"$log" 2>&1 \
  || { cat "$log" >&2; rm -f "$log"; exit 1; }
rm -f "$log" "$out"/lib/server/classes_nocoops.jsa
if command -v strip >/dev/null 2>&1; then
  strip --strip-unneeded "$out"/lib/server/libjvm.so
else
  echo "build-runtime: strip not installed; libjvm.so keeps its symbol table" >&2
fi
"$out/bin/java" -Xshare:on -version 2>&1 | head -1
du -sh "$out" | cut -f1
