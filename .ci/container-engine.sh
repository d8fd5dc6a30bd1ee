#!/usr/bin/env bash
# Starts a Docker engine for CI where the machine allows it, and makes sure the base images the project names are
# there: pulled when a registry answers, else built as stand-ins under the same names (.ci/stand-ins/) from a
# minimal Debian root file system (debootstrap) and Debian's packages.
#
#   usage (as root): .ci/container-engine.sh USER     USER: the unprivileged user who will talk to the engine
# Exits 0 with the engine ready, 1 when no engine can be had here (CI then says so and runs the rest).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ci_user=$1
log() { printf '[ci] container engine: %s\n' "$*"; }

# The images the project names, each from the one file that names it.
postgres_image=$(sed -n 's/^quarkus\.datasource\.devservices\.image-name=//p' src/main/resources/application.properties)
jre_image=$(sed -n 's/^FROM \([^ ]*\) AS app$/\1/p' docker/Dockerfile.jvm)
testcontainers_image=alpine:3.17   # Testcontainers' own checks
debian_suite=trixie                # the first Debian release with postgresql-17
compose_version=2.26.1-4           # and with Compose v2
compose_sha256=47681197cb2b1ab88206b42a1a92fc75f50d9530a6322d03494a473eed0408ea

if ! docker info >/dev/null 2>&1; then
    if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
        log "installing docker.io and debootstrap"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null \
            || { log "none: Debian's docker.io cannot be installed"; exit 1; }
    fi
    log "starting dockerd (log: /tmp/ci-dockerd.log)"
    setsid dockerd >/tmp/ci-dockerd.log 2>&1 < /dev/null &
    for _ in $(seq 60); do
        docker info >/dev/null 2>&1 && break
        sleep 0.5
    done
    if ! docker info >/dev/null 2>&1; then
        log "none: dockerd did not start here; its log ends with:"
        tail -n 5 /tmp/ci-dockerd.log | sed 's/^/    /'
        exit 1
    fi
fi
log "$(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}')"

# Compose v2, the docker CLI plugin: Quarkus's Compose Dev Services run `docker compose` (dev mode's database), and
# Compose v1 (Debian 12's docker-compose) has been end-of-life since 2023. Debian 13's package is a static build
# that Debian 12 runs; it also answers as docker-compose.
if ! docker compose version >/dev/null 2>&1; then
    deb=/tmp/ci-docker-compose_${compose_version}_amd64.deb
    log "installing Compose $compose_version (Debian's docker-compose package of $debian_suite)"
    curl -fsS -o "$deb" "http://deb.debian.org/debian/pool/main/d/docker-compose/docker-compose_${compose_version}_amd64.deb" \
        && echo "$compose_sha256  $deb" | sha256sum -c --quiet \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/tmp/ci-compose-install.log 2>&1 \
        || { log "none: Compose v2 cannot be installed (log: /tmp/ci-compose-install.log)"; exit 1; }
fi
log "$(docker compose version)"
usermod -aG docker "$ci_user"

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
pulled() { timeout 60 docker pull -q "$1" >/dev/null 2>&1; }
# A PostgreSQL stand-in built from an older .ci/stand-ins/postgres (its entrypoint says it is one, and differs from
# today's) is built again: an entrypoint without /docker-entrypoint-initdb.d would start compose without the roles.
stale_postgres_stand_in() {
    local entrypoint
    entrypoint=$(docker run --rm --entrypoint cat "$1" /usr/local/bin/docker-entrypoint.sh 2>/dev/null) || return 1
    grep -q "^# The official image's contract, as far as this project uses it" <<<"$entrypoint" \
        && ! diff -q <(printf '%s\n' "$entrypoint") .ci/stand-ins/postgres/docker-entrypoint.sh >/dev/null
}

base=ci/debian:$debian_suite
ensure_base() {
    have_image "$base" && return
    local mirror rootfs
    mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
    [[ -n $mirror ]] || mirror=$(awk '$1 == "deb" && $2 ~ /\/debian$/ { print $2; exit }' /etc/apt/sources.list)
    rootfs=$(mktemp -d /tmp/ci-rootfs.XXXXXX)
    log "building $base with debootstrap from $mirror"
    debootstrap --variant=minbase "$debian_suite" "$rootfs" "$mirror" >/tmp/ci-debootstrap.log 2>&1 \
        || { tail -n 20 /tmp/ci-debootstrap.log; return 1; }
    tar -C "$rootfs" -c . | docker import - "$base" >/dev/null
    rm -rf "$rootfs"
}

for image in "$postgres_image" "$jre_image" "$testcontainers_image"; do
    if { have_image "$image" && ! { [[ $image == postgres:* ]] && stale_postgres_stand_in "$image"; }; } \
        || pulled "$image"; then
        log "$image: present"
        continue
    fi
    started=$(date +%s)
    ensure_base
    case $image in
        postgres:*)
            docker build -q --build-arg PG_MAJOR="${image#postgres:}" -t "$image" .ci/stand-ins/postgres >/dev/null ;;
        eclipse-temurin:*-jre)
            feature=${image#eclipse-temurin:}
            feature=${feature%-jre}
            jdk=$(ls -d /usr/lib/jvm/temurin-"$feature"-jdk* 2>/dev/null | head -n 1)
            [[ -n $jdk ]] || { log "no Temurin $feature JDK under /usr/lib/jvm for the $image stand-in"; exit 1; }
            context=$(mktemp -d /tmp/ci-temurin.XXXXXX)
            cp .ci/stand-ins/temurin/Dockerfile "$context/"
            # every module but the two that a JDK without jmods cannot link
            modules=$("$jdk/bin/java" --list-modules | sed 's/@.*//' | grep -Ev '^jdk\.(jlink|jpackage)$' | paste -sd, -)
            "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
                --generate-cds-archive --output "$context/jre" >/dev/null
            docker build -q -t "$image" "$context" >/dev/null
            rm -rf "$context" ;;
        alpine:*)
            docker tag "$base" "$image" ;;
    esac
    log "$image: no registry answered; stand-in built in $(( $(date +%s) - started )) s"
done
