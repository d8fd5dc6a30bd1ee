#!/usr/bin/env bash
# The paths a user walks with a container engine, beyond the test suite: the development database through
# compose (data kept in its named volume), psql without a terminal, the JVM image, the production compose file
# with the API contract against the container, and facts about the image.
#   usage (after ./mvnw verify has packaged target/quarkus-app; as root, or as a user who may use docker):
#     MANAGE_TEST_USER=USER .ci/container-paths.sh
# Prints "container-paths: N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/checks.sh
image=acme/users:1.0.0
web_port=18080
base=http://127.0.0.1:$web_port
# health and metrics answer on the management interface, not on the API's port
management_port=19000
management=http://127.0.0.1:$management_port
seconds_since() { awk -v start="$1" -v now="$(date +%s%N)" 'BEGIN { printf "%.2f", (now - start) / 1e9 }'; }

say "The development database in a container (docker/development.yml, named volume)"
marker="ci-volume-$(date +%s)@example.com"
check "db up starts the db container" 0 "database is (up|already running): container db" as_user scripts/manage db up
check "create-initial-db creates APPLICATION_DB" 0 "" as_user scripts/manage create-initial-db
check "db migrate applies the migrations" 0 "" as_user scripts/manage db migrate
check "psql -- -c works without a terminal" 0 "INSERT 0 1" \
    as_user scripts/manage psql -- -c "insert into users (email) values ('$marker')" < /dev/null
check "db status reports the running database" 0 "" as_user scripts/manage db status
check "db down stops it" 0 "its data stays in its volume" as_user scripts/manage db down
check "db up starts it again" 0 "database is up" as_user scripts/manage db up
check "the row written before db down is still there" 0 "^$marker$" \
    as_user scripts/manage psql -- -tAc "select email from users where email = '$marker'" < /dev/null

say "The JVM image (docker/Dockerfile.jvm), built by quarkus-container-image-docker as docs/production.md says"
# the image that the Kubernetes manifests name, as ./mvnw verify generated them
manifest_image=$(sed -n 's/^ *image: *//p' target/kubernetes/kubernetes.yml | head -n 1)
check "the manifests name $image" 0 "" test "$manifest_image" = "docker.io/$image"
started=$(date +%s%N)
check "./mvnw package -Dquarkus.container-image.build=true" 0 "Built container image docker.io/$image" \
    as_user ./mvnw -B -ntp package -DskipTests -Dquarkus.container-image.build=true
echo "    built in $(seconds_since "$started") s"
check "the image the manifests name exists" 0 "" docker image inspect "$manifest_image"
# without Maven: the same Dockerfile and context, so docker's layer cache gives back the very same image
check "docker build -f docker/Dockerfile.jvm gives the same image" 0 "^$(docker image inspect -f '{{.Id}}' "$image")$" \
    docker build -q -f docker/Dockerfile.jvm -t "$image" .
check "the image runs as a non-root user" 0 "^185$" docker run --rm --entrypoint id "$image" -u
check "the application belongs to root and its user can change none of it" 0 "^none under /deployments$" \
    docker run --rm --entrypoint sh "$image" -c \
    'found=$(find /deployments -writable -o ! -user 0); [ -z "$found" ] && echo "none under /deployments" || echo "$found"'
echo "    size: $(( $(docker image inspect -f '{{.Size}}' "$image") / 1000000 )) MB"
layers=$(mktemp -d)
docker save "$image" | tar -x -C "$layers"
# the entries of the development and testing files that production does not share, as they are written
grep -hF '"name"' config/development.json config/testing.json | sed 's/^ *//; s/,$//' | sort -u \
    | grep -vxFf <(grep -hF '"name"' config/production.json | sed 's/^ *//; s/,$//') > "$layers/entries"
no_config_in_layers() {
    local layer found=0
    for layer in $(find "$layers" -type f); do
        tar -tf "$layer" >/dev/null 2>&1 || continue   # the manifest and configs, not a layer
        if tar -tf "$layer" | grep -E '(^|/)(development|testing)\.json$'; then found=1; fi
        if grep -aFf "$layers/entries" "$layer"; then found=1; fi
    done
    if docker history --no-trunc --format '{{.CreatedBy}}' "$image" | grep -E 'POSTGRES_PASSWORD=|development\.json|testing\.json'; then
        found=1
    fi
    echo "checked $(wc -l < "$layers/entries") entries of config/development.json and config/testing.json"
    return $found
}
check "no layer and no history line holds the development or testing configuration" 0 "" no_config_in_layers
rm -rf "$layers"

say "Production compose (docker/production.yml) with the image"
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
owner_password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
service_password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
production() {
    as_user env APPLICATION_CONFIG=production POSTGRES_PASSWORD="$password" \
        APPLICATION_OWNER_PASSWORD="$owner_password" APPLICATION_USER_PASSWORD="$service_password" \
        WEB_PORT=$web_port MANAGEMENT_PORT=$management_port scripts/manage compose "$@"
}
production down -v >/dev/null 2>&1 || true   # a volume left by an interrupted run holds another password
check "compose up -d" 0 "" production up -d
check "the service is ready within 120 s (read-only root filesystem)" 0 "" wait_for_200 "$management/q/health/ready" 120
# the one-shot migrate (the image in the profile migrate) ran first, alone with the owner's password
migrate=$(production ps -a -q migrate | tail -n 1)
web=$(production ps -q web | tail -n 1)
check "the one-shot migrate exited 0" 0 "^0$" docker inspect -f '{{.State.ExitCode}}' "$migrate"
check "its log says it migrated" 0 "Successfully applied [0-9]+ migrations" production logs --no-color migrate
# started_after_exit FIRST SECOND: SECOND started after FIRST exited (both times are UTC, of one format)
started_after_exit() {
    local exited started
    exited=$(docker inspect -f '{{.State.FinishedAt}}' "$1") started=$(docker inspect -f '{{.State.StartedAt}}' "$2")
    echo "migrate exited at $exited, web started at $started"
    [[ $started > $exited ]]
}
check "web started after migrate exited" 0 "" started_after_exit "$migrate" "$web"
# no_owner_password CONTAINER: neither the container's configuration nor its process's environment (/proc/1/environ)
# holds the owner's password, by name or by value; prints the names only
no_owner_password() {
    local config environ
    config=$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1") || return 2
    environ=$(docker exec "$1" sh -c 'tr "\0" "\n" < /proc/1/environ') || return 2
    echo "the process's environment: $(cut -d= -f1 <<<"$environ" | sort | tr '\n' ' ')"
    ! grep -qF -e APPLICATION_OWNER_PASSWORD -e "$owner_password" <<<"$config"$'\n'"$environ"
}
check "web's environment holds no owner password (docker inspect, /proc/1/environ)" 0 "APPLICATION_USER_PASSWORD" \
    no_owner_password "$web"
check "the API's port does not answer health" 0 "^404$" curl -s -o /dev/null -w '%{http_code}' "$base/q/health/ready"
check "the API contract against the container" 0 "api-smoke: [0-9]+ passed, 0 failed" bash .ci/api-smoke.sh "$base"
marker_id=$(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$marker\"}" "$base/users" \
    | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
started=$(date +%s%N)
check "compose stop web exits 0" 0 "" production stop web
echo "    stopped in $(seconds_since "$started") s"
web=$(production ps -a -q web | tail -n 1)   # -a: Compose v2 lists only running containers without it
# The JVM answers SIGTERM with a graceful shutdown and the conventional 143 (128 + 15); 137 would mean it was killed.
check "the service shut down on SIGTERM, not killed" 0 "^143$" docker inspect -f '{{.State.ExitCode}}' "$web"
check "its log says it stopped" 0 "stopped in" docker logs --tail 5 "$web"
started=$(date +%s%N)
production start web >/dev/null 2>&1
if wait_for_200 "$management/q/health/ready" 120; then
    echo "    time to the first 200 (readiness) after compose start web: $(seconds_since "$started") s"
fi
check "compose down, keeping the volume" 0 "" production down
check "compose up -d again" 0 "" production up -d
check "the service is ready again" 0 "" wait_for_200 "$management/q/health/ready" 120
check "the user created before down is still there" 0 "$marker" curl -sf "$base/users/$marker_id"
web_log=$(mktemp)
# service_log FILE: the running service's log, which must show its start: a failed or empty `compose logs` holds
# no password either
service_log() { production logs --no-color web > "$1" && grep -q 'started in' "$1"; }
check "compose logs gives the service's log, from its start on" 0 "" service_log "$web_log"
check "the service's log holds no password" 1 "" grep -F -e "$password" -e "$owner_password" -e "$service_password" "$web_log"
migrate_log=$(mktemp)
production logs --no-color migrate > "$migrate_log" 2>&1
check "the migration step's log holds no password" 1 "" \
    grep -F -e "$password" -e "$owner_password" -e "$service_password" "$migrate_log"
rm -f "$web_log" "$migrate_log"
production down -v >/dev/null 2>&1
as_user scripts/manage db down >/dev/null 2>&1

summary container-paths
