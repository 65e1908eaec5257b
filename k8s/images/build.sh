#!/usr/bin/env bash
# Builds every container image of the platform with podman/buildah: no Docker daemon, no registry.
#
#   bash k8s/images/build.sh                 # package the jars, build everything, tag :dev
#   bash k8s/images/build.sh --no-package    # use the jars already in */target (CI: the reactor just built them)
#   bash k8s/images/build.sh --tag 1.2.3 --base eclipse-temurin:17-jre   # production: a standard JRE image
#
# Images (all localhost/mailplatform/<name>:<tag>): mailbox-store, smtp-ingress, delivery-service,
# imap-pop-gateway, admin-api, mailctl, and for the dev overlay postgres and broker (ActiveMQ Artemis).
# Without --base the JRE comes from Debian packages (mmdebstrap, base-recipe.sh), as do PostgreSQL's binaries;
# those bases are tagged with a hash of their recipe and built only when that tag is missing.
# Push them to a registry of your choice as well:  bash k8s/images/build.sh --push registry.example.com/mail
# (podman push localhost/mailplatform/<name>:<tag> docker://registry.example.com/mail/<name>:<tag>; log in first
# with `podman login registry.example.com`).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TAG=dev
BASE=
PACKAGE=true
PUSH=
ONLY=
SERVICES="mailbox-store smtp-ingress delivery-service imap-pop-gateway admin-api"

while [ $# -gt 0 ]; do
    case "$1" in
        --tag) TAG=$2; shift 2 ;;
        --base) BASE=$2; shift 2 ;;
        --no-package) PACKAGE=false; shift ;;
        --push) PUSH=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;                          # a subset, e.g. --only "postgres broker"
        --project-dir) ROOT=$(cd "$2" && pwd); shift 2 ;;   # take the jars from another checkout
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

wanted() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }
log() { printf '[images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- tools: Debian's podman 4.3 and friends; installed when missing so that a fresh machine works --------------
missing=()
for pair in podman:podman buildah:buildah runc:runc mmdebstrap:mmdebstrap newuidmap:uidmap; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
export CONTAINERS_CONF="$HERE/containers.conf"
podman() { command podman --runtime runc --cgroup-manager=cgroupfs "$@"; }

# --- Debian bases (cached by recipe hash) ---------------------------------------------------------------------
# shellcheck source=base-recipe.sh
. "$HERE/base-recipe.sh"
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/mailplatform-images.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

# debian_base NAME PACKAGES EXTRA_ARGS_ARRAY: localhost/mailplatform/NAME:HASH, HASH being that of the recipe (the
# mmdebstrap arguments, packages and suite); built only when missing.
debian_base() {
    local name=$1 packages=$2 hash ref
    local -n extra=$3
    local args=("${ROOTFS_ARGS[@]}" "${extra[@]}")
    hash=$(printf '%s\n' "${args[@]}" "$packages" "$DEBIAN_SUITE" | sha256sum | cut -c1-12)
    ref="localhost/mailplatform/$name:$hash"
    if podman image exists "$ref"; then
        log "$ref exists (recipe unchanged), not rebuilt"
    else
        log "building $ref with mmdebstrap ($DEBIAN_SUITE, $packages)"
        mmdebstrap --quiet "${args[@]}" --include="$packages" "$DEBIAN_SUITE" "$STAGE/$name.tar" "$DEBIAN_MIRROR" >&2
        podman import --quiet --message "mmdebstrap $DEBIAN_SUITE $packages" \
            --change "LABEL org.mailplatform.recipe=$hash" \
            --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
            "$STAGE/$name.tar" "$ref" >/dev/null
        rm -f "$STAGE/$name.tar"
        # bases of earlier recipes: removed unless an image still uses them
        podman images --format '{{.Repository}}:{{.Tag}}' "localhost/mailplatform/$name" | grep -vx "$ref" \
            | xargs -r podman rmi >/dev/null 2>&1 || true
    fi
    echo "$ref"
}

JRE_BASE=$BASE
need_jre=false
for name in $SERVICES mailctl broker; do wanted "$name" && need_jre=true; done
if [ -z "$JRE_BASE" ] && $need_jre; then
    JRE_BASE=$(debian_base debian-jre17 "$jre_packages" JRE_ARGS) || exit 1
fi

# --- jars -----------------------------------------------------------------------------------------------------
if $PACKAGE; then
    log "packaging the services and mailctl (mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl "${SERVICES// /,},mailctl" -am)
fi

build() { # build NAME CONTEXT [podman build args...]
    local name=$1 ctx=$2; shift 2
    log "building localhost/mailplatform/$name:$TAG"
    podman build --quiet --layers -f "$HERE/$(containerfile_of "$name")" -t "localhost/mailplatform/$name:$TAG" "$@" "$ctx" >/dev/null
}
containerfile_of() { case "$1" in postgres) echo Containerfile.postgres ;; broker) echo Containerfile.broker ;;
    mailctl) echo Containerfile.mailctl ;; *) echo Containerfile.quarkus ;; esac; }

# --- the five services: third-party jars in one layer, the platform's own code in the next ----------------------
for s in $SERVICES; do
    wanted "$s" || continue
    app="$ROOT/$s/target/quarkus-app"
    [ -f "$app/quarkus-run.jar" ] || { echo "$app/quarkus-run.jar missing: package first (drop --no-package)" >&2; exit 1; }
    ctx="$STAGE/$s"
    mkdir -p "$ctx/deps/lib" "$ctx/app/lib/main"
    cp -a "$app/lib/boot" "$ctx/deps/lib/"
    mkdir -p "$ctx/deps/lib/main"
    find "$app/lib/main" -maxdepth 1 -type f ! -name 'com.mailplatform.*' -exec cp -a {} "$ctx/deps/lib/main/" \;
    find "$app/lib/main" -maxdepth 1 -type f -name 'com.mailplatform.*' -exec cp -a {} "$ctx/app/lib/main/" \;
    cp -a "$app/app" "$app/quarkus" "$app/quarkus-run.jar" "$ctx/app/"
    build "$s" "$ctx" --build-arg "BASE=$JRE_BASE" --build-arg "SERVICE=$s"
done

# --- mailctl: the same split (its lib/ next to mailctl.jar) ------------------------------------------------------
if wanted mailctl; then
    [ -f "$ROOT/mailctl/target/mailctl.jar" ] || { echo "mailctl/target/mailctl.jar missing: package first" >&2; exit 1; }
    ctx="$STAGE/mailctl"
    mkdir -p "$ctx/deps/lib" "$ctx/app/lib"
    find "$ROOT/mailctl/target/lib" -maxdepth 1 -type f ! -name 'platform-common-*' -exec cp -a {} "$ctx/deps/lib/" \;
    find "$ROOT/mailctl/target/lib" -maxdepth 1 -type f -name 'platform-common-*' -exec cp -a {} "$ctx/app/lib/" \;
    cp -a "$ROOT/mailctl/target/mailctl.jar" "$ctx/app/"
    build mailctl "$ctx" --build-arg "BASE=$JRE_BASE"
fi

# --- PostgreSQL: Debian's postgresql-15 with an entrypoint that initialises PGDATA like the official image -------
if wanted postgres; then
    PG_BASE=$(debian_base debian-postgresql15 "$postgres_packages" POSTGRES_ARGS) || exit 1
    ctx="$STAGE/postgres"; mkdir -p "$ctx"; cp "$HERE/postgres-entrypoint.sh" "$ctx/"
    build postgres "$ctx" --build-arg "BASE=$PG_BASE"
fi

# --- ActiveMQ Artemis: its binary distribution from Maven Central (through Maven, so ~/.m2 caches it) ----------
if wanted broker; then
    version=$(sed -n 's:.*<artemis.version>\(.*\)</artemis.version>.*:\1:p' "$ROOT/pom.xml" | head -1)
    ctx="$STAGE/broker"; mkdir -p "$ctx"
    (cd "$ROOT" && ./mvnw -B -q -N dependency:copy \
        -Dartifact="org.apache.activemq:apache-artemis:$version:tar.gz:bin" -DoutputDirectory="$ctx" -Dmdep.stripVersion=false)
    tar -xzf "$ctx/apache-artemis-$version-bin.tar.gz" -C "$ctx"
    mv "$ctx/apache-artemis-$version" "$ctx/artemis"
    rm -rf "$ctx/apache-artemis-$version-bin.tar.gz" "$ctx/artemis/examples" "$ctx/artemis/web/api" "$ctx/artemis/web/user-manual"
    cp "$HERE/broker-entrypoint.sh" "$ctx/"
    build broker "$ctx" --build-arg "BASE=$JRE_BASE"
fi

if [ -n "$PUSH" ]; then
    for name in $SERVICES mailctl postgres broker; do
        wanted "$name" || continue
        log "pushing $PUSH/$name:$TAG"
        podman push "localhost/mailplatform/$name:$TAG" "docker://$PUSH/$name:$TAG"
    done
fi
podman images --filter reference='localhost/mailplatform/*' --format '{{.Repository}}:{{.Tag}} {{.Size}}' | sort
