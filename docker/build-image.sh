#!/usr/bin/env bash
# Builds the nanoedge image (docker/Dockerfile) and the MariaDB image for the stack's db service
# (docker/mariadb/Dockerfile) with BuildKit, on any machine with a Docker engine.
#   docker/build-image.sh [--from-jar] [--tag nanoedge:0.1.0] [--bases auto|official|local] [--only nanoedge|mariadb]
#     --from-jar   put docker/target/nanoedge.jar, which the host built (./mvnw verify or package), into the
#                  image instead of building the jar again inside (JAR_FROM=host; what CI does)
#     --bases      official: the Dockerfile's own FROM images (registry access needed); local: base images made
#                  here from Debian's packages (debootstrap --variant=minbase bookworm, docker import, then
#                  apt-get install in docker/base/*.Dockerfile), passed as the BASE_IMAGE/JDK_IMAGE/MAVEN_IMAGE
#                  build args; auto (default): official when debian:bookworm-slim can be pulled, else local.
#                  Local bases are made once and kept (nanoedge-local/*); --rebuild-bases makes them again.
# Exit 0 built, 1 failed, 3 Docker cannot run here (one line says why; .ci/docker-engine.sh decides).
# Prints each image's size and layers (docker history).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker || echo docker)
TAG=nanoedge:0.1.0
MARIADB_TAG=nanoedge-mariadb:10.11
JAR_FROM=source
BASES=auto
ONLY=all
REBUILD=false
LOCAL_BASE=nanoedge-local/debian:bookworm
LOCAL_JDK=nanoedge-local/jdk:17
LOCAL_MAVEN=nanoedge-local/maven:3-jdk17

say() { echo "build-image: $*"; }
die() { say "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --from-jar) JAR_FROM=host ;;
    --tag) TAG=${2:?--tag needs a value}; shift ;;
    --bases) BASES=${2:?--bases needs auto, official or local}; shift ;;
    --only) ONLY=${2:?--only needs nanoedge or mariadb}; shift ;;
    --rebuild-bases) REBUILD=true ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
  shift
done
case "$BASES" in auto|official|local) ;; *) die "--bases must be auto, official or local, not $BASES" ;; esac
case "$ONLY" in all|nanoedge|mariadb) ;; *) die "--only must be nanoedge or mariadb, not $ONLY" ;; esac

engine=0
"$ROOT/.ci/docker-engine.sh" >/dev/null || engine=$?
if [ "$engine" -ne 0 ]; then
  "$ROOT/.ci/docker-engine.sh" | tail -1
  exit 3
fi
# The engine script may just have installed Debian's client (the one whose BuildKit needs no buildx): look again.
[ -x /usr/bin/docker ] && DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=1

if [ "$JAR_FROM" = host ]; then
  [ -f "$ROOT/docker/target/nanoedge.jar" ] || die "--from-jar: docker/target/nanoedge.jar is missing (./mvnw -q -DskipTests package)"
fi

# The Debian mirror apt uses on this machine (deb822 URIs: or a classic deb line); the base gets the same.
debian_mirror() {
  local url
  url=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null \
    | grep -v security | head -1 | sed -E 's/^URIs: *//; s/^deb (\[[^]]*\] )?//; s/ .*//')
  echo "${url:-http://deb.debian.org/debian}"
}

make_local_base() {
  if [ "$REBUILD" = false ] && "$DOCKER" image inspect "$LOCAL_BASE" >/dev/null 2>&1; then
    say "base $LOCAL_BASE exists"
    return
  fi
  command -v debootstrap >/dev/null 2>&1 || { say "installing debootstrap"; apt-get install -y -qq debootstrap >/dev/null; }
  local mirror tree
  mirror=$(debian_mirror)
  tree=$(mktemp -d /var/tmp/nanoedge-bookworm.XXXXXX)
  say "debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$tree" "$mirror" >"$tree.log" 2>&1 || { tail -5 "$tree.log" >&2; rm -rf "$tree" "$tree.log"; die "debootstrap failed"; }
  local security=${mirror%/debian}/debian-security
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' "$mirror" "$mirror" "$security" \
    > "$tree/etc/apt/sources.list"
  # Small images: no recommends, no apt caches left in a layer.
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$tree/etc/apt/apt.conf.d/90nanoedge"
  rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/* "$tree"/var/log/*
  tar -C "$tree" -c . | "$DOCKER" import -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' - "$LOCAL_BASE" >/dev/null
  rm -rf "$tree" "$tree.log"
  say "base $LOCAL_BASE imported ($("$DOCKER" image inspect -f '{{.Size}}' "$LOCAL_BASE" | awk '{printf "%.0f MB", $1/1e6}'))"
}

make_local_image() { # tag dockerfile build-arg
  local tag=$1 file=$2 arg=$3
  if [ "$REBUILD" = false ] && "$DOCKER" image inspect "$tag" >/dev/null 2>&1; then
    say "base $tag exists"
    return
  fi
  say "building $tag ($file)"
  "$DOCKER" build -q -f "$ROOT/docker/base/$file" --build-arg "$arg" -t "$tag" "$ROOT/docker/base" >/dev/null
}

# auto: can this engine pull the official images?
if [ "$BASES" = auto ]; then
  if timeout 60 "$DOCKER" pull -q debian:bookworm-slim >/dev/null 2>&1; then BASES=official; else BASES=local; fi
  say "bases: $BASES ($([ "$BASES" = official ] && echo "the registry answers" || echo "no registry reachable: local bases from Debian's packages"))"
fi

build_args=(--build-arg "JAR_FROM=$JAR_FROM")
mariadb_args=()
if [ "$BASES" = local ]; then
  make_local_base
  build_args+=(--build-arg "BASE_IMAGE=$LOCAL_BASE")
  mariadb_args+=(--build-arg "BASE_IMAGE=$LOCAL_BASE")
  if [ "$ONLY" != mariadb ]; then
    make_local_image "$LOCAL_JDK" jdk.Dockerfile "BASE_IMAGE=$LOCAL_BASE"
    build_args+=(--build-arg "JDK_IMAGE=$LOCAL_JDK")
    if [ "$JAR_FROM" = source ]; then
      make_local_image "$LOCAL_MAVEN" maven.Dockerfile "JDK_IMAGE=$LOCAL_JDK"
      build_args+=(--build-arg "MAVEN_IMAGE=$LOCAL_MAVEN")
    fi
  fi
fi

# A rebuild leaves the previous image untagged: remove it (not when a container still uses it).
drop_previous() { # tag previous-id
  local now
  now=$("$DOCKER" image inspect -f '{{.Id}}' "$1" 2>/dev/null || true)
  if [ -n "$2" ] && [ "$2" != "$now" ]; then "$DOCKER" rmi "$2" >/dev/null 2>&1 || true; fi
}
previous() { "$DOCKER" image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

report() { # tag
  say "$1: $("$DOCKER" image inspect -f '{{.Size}}' "$1" | awk '{printf "%.1f MB", $1/1e6}') (docker history, newest layer first):"
  "$DOCKER" history --format '  {{printf "%-8s" .Size}} {{.CreatedBy}}' "$1" | cut -c1-150
}

if [ "$ONLY" != mariadb ]; then
  say "building $TAG (jar from $JAR_FROM)"
  start=$(date +%s)
  before=$(previous "$TAG")
  "$DOCKER" build --progress=plain -f "$ROOT/docker/Dockerfile" "${build_args[@]}" -t "$TAG" "$ROOT" \
    >"$ROOT/docker/target/build-image.log" 2>&1 \
    || { tail -30 "$ROOT/docker/target/build-image.log" >&2; die "docker build of $TAG failed (log: docker/target/build-image.log)"; }
  say "built $TAG in $(( $(date +%s) - start )) s"
  drop_previous "$TAG" "$before"
  # Smoke: the image starts its launcher and writes UTF-8 (the usage line has an em dash).
  "$DOCKER" run --rm --network none "$TAG" --help 2>/dev/null | head -1 | grep -q '^nanoedge — ' \
    || die "$TAG does not print its usage in UTF-8: $("$DOCKER" run --rm --network none "$TAG" --help 2>&1 | head -3)"
  # The class-data archive fits this image's runtime and jar: with -Xshare:on a JVM that cannot map it stops.
  opts=$("$DOCKER" image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$TAG" | sed -n 's/^JDK_JAVA_OPTIONS=//p')
  out=$("$DOCKER" run --rm --network none -e "JDK_JAVA_OPTIONS=$opts -Xshare:on" "$TAG" --help 2>&1) \
    || die "$TAG: the class-data archive does not fit the image's JVM: $(echo "$out" | grep -v '^NOTE' | head -4)"
  # The entry point refuses a bad NANOEDGE_CDS (exit 2, naming it) and starts without the archive where it cannot
  # unpack it (a read-only file system), saying so.
  rc=0; out=$("$DOCKER" run --rm --network none -e NANOEDGE_CDS=yes "$TAG" --help 2>&1) || rc=$?
  [ "$rc" -eq 2 ] && echo "$out" | grep -q "NANOEDGE_CDS must be on or off, not 'yes'" \
    || die "$TAG: NANOEDGE_CDS=yes gave exit $rc: $out"
  out=$("$DOCKER" run --rm --network none --read-only "$TAG" --help 2>&1) \
    && echo "$out" | grep -q 'starting without the class-data archive (/tmp: Read-only file system)' \
    || die "$TAG: on a read-only file system: $(echo "$out" | head -3)"
  say "class-data archive: fits the image's JVM (-Xshare:on); entry point refuses a bad NANOEDGE_CDS, starts without it on a read-only file system"
  report "$TAG"
fi
if [ "$ONLY" != nanoedge ]; then
  if [ "$BASES" = official ]; then
    say "MariaDB: the official mariadb:10.11 can be pulled here; the stack uses it (no local image needed)"
  else
    say "building $MARIADB_TAG (Debian's mariadb-server)"
    before=$(previous "$MARIADB_TAG")
    "$DOCKER" build -q -f "$ROOT/docker/mariadb/Dockerfile" "${mariadb_args[@]}" -t "$MARIADB_TAG" "$ROOT/docker/mariadb" >/dev/null
    drop_previous "$MARIADB_TAG" "$before"
    report "$MARIADB_TAG"
  fi
fi
