#!/usr/bin/env bash
# Time to the first 200 of JVM images of the service, in one run: each image is started REPEAT times against one
# PostgreSQL 17 container on a network of its own, the images taking turns so that a busy machine weighs on all
# of them alike, and the time from `docker start` to the first 200 of GET /users (the API) and of
# /q/health/ready (the management interface) is printed as median and range, with the image's size.
#   usage: scripts/image-startup.sh [-n REPEAT] IMAGE...     (needs docker and curl)
# The database is set up as docker/production.yml sets it up: the PostgreSQL image of application.properties, its
# superuser for the container alone, and the service's two roles made by docker/initdb/application-roles.sh on the
# first start. Each image migrates it first, as production's migration step does (the image in the profile migrate,
# given the owner's name and password; docs/production.md, "Migrations"); the timed service gets the name and
# password of its own role only. Every password is random, made for this run, and passed in the environment, never
# on a command line.
# Everything it starts (the network, the database and the service containers) is removed as it ends.
set -euo pipefail

repeat=5
if [[ ${1:-} == -n ]]; then repeat=$2; shift 2; fi
(( $# > 0 )) || { echo "usage: $0 [-n REPEAT] IMAGE..." >&2; exit 2; }
images=("$@")
run=image-startup-$$
project=$(cd "$(dirname "$0")/.." && pwd)
postgres_image=$(sed -n 's/^quarkus\.datasource\.devservices\.image-name=//p' \
    "$project/src/main/resources/application.properties")
[[ -n $postgres_image ]] || { echo "$0: no PostgreSQL image in application.properties" >&2; exit 1; }
random() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
# exported, and handed to docker by name only (-e NAME): no password is in an argument list that ps shows
export POSTGRES_PASSWORD APPLICATION_OWNER_PASSWORD APPLICATION_USER_PASSWORD
POSTGRES_PASSWORD=$(random) APPLICATION_OWNER_PASSWORD=$(random) APPLICATION_USER_PASSWORD=$(random)
database=application owner=application_owner service=application
results=$(mktemp -d)
cleanup() {
    docker ps -aq --filter "label=$run" | xargs -r docker rm -f >/dev/null
    docker network rm "$run" >/dev/null 2>&1 || true
    rm -rf "$results"
}
trap cleanup EXIT

docker network create "$run" >/dev/null
# as docker/production.yml's db: the roles' script runs once, when the empty data directory is initialised (its
# temporary server listens on no TCP port, so pg_isready on 127.0.0.1 waits for the real one)
docker create --label "$run" --network "$run" --name "$run-db" -e POSTGRES_USER=postgres -e POSTGRES_PASSWORD \
    -e POSTGRES_DB="$database" -e APPLICATION_DB="$database" -e APPLICATION_OWNER="$owner" \
    -e APPLICATION_OWNER_PASSWORD -e APPLICATION_USER="$service" -e APPLICATION_USER_PASSWORD \
    "$postgres_image" >/dev/null
docker cp "$project/docker/initdb/." "$run-db:/docker-entrypoint-initdb.d/"
docker start "$run-db" >/dev/null
waited=0
until docker exec "$run-db" pg_isready -q -h 127.0.0.1 -U postgres -d "$database"; do
    if (( waited++ > 600 )); then
        echo "the database did not come up within 120 s; its log ends with:" >&2
        docker logs --tail 20 "$run-db" >&2
        exit 1
    fi
    sleep 0.2
done

# migrate IMAGE: the image's migration step, to its end
migrate() {
    if ! docker run --rm --label "$run" --network "$run" -e QUARKUS_PROFILE=migrate -e POSTGRES_HOSTNAME="$run-db" \
        -e POSTGRES_PORT=5432 -e APPLICATION_DB="$database" -e APPLICATION_OWNER="$owner" -e APPLICATION_OWNER_PASSWORD \
        --read-only --tmpfs /tmp --cap-drop ALL "$1" > "$results/migrate.log" 2>&1; then
        echo "$1: the migration step failed; its log ends with:" >&2
        tail -n 20 "$results/migrate.log" >&2
        exit 1
    fi
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
is_200() { [[ $(curl -s -o /dev/null -m 1 -w '%{http_code}' "$1") == 200 ]]; }

# start_once IMAGE FILE: appends "USERS_MS READY_MS" to FILE
start_once() {
    local image=$1 container users_ms="" ready_ms="" started api management
    container=$(docker create --label "$run" --network "$run" -p 127.0.0.1::8080 -p 127.0.0.1::9000 \
        -e POSTGRES_HOSTNAME="$run-db" -e POSTGRES_PORT=5432 -e APPLICATION_DB="$database" \
        -e APPLICATION_USER="$service" -e APPLICATION_USER_PASSWORD --read-only --tmpfs /tmp --cap-drop ALL "$image")
    started=$(now_ms)
    docker start "$container" >/dev/null
    api=http://$(docker port "$container" 8080 | head -n 1)
    management=http://$(docker port "$container" 9000 | head -n 1)
    while [[ -z $users_ms || -z $ready_ms ]]; do
        if [[ -z $users_ms ]] && is_200 "$api/users"; then users_ms=$(( $(now_ms) - started )); fi
        if [[ -z $ready_ms ]] && is_200 "$management/q/health/ready"; then ready_ms=$(( $(now_ms) - started )); fi
        if (( $(now_ms) - started > 120000 )); then
            echo "$image: no 200 within 120 s; its log ends with:" >&2
            docker logs --tail 20 "$container" >&2
            exit 1
        fi
        sleep 0.02
    done
    docker rm -f "$container" >/dev/null
    echo "$users_ms $ready_ms" >> "$2"
}

# summary FILE COLUMN: "median M s (range A-B s)"
summary() {
    cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "median %.2f s (range %.2f-%.2f s)", m / 1000, v[1] / 1000, v[NR] / 1000 }'
}

for image in "${images[@]}"; do migrate "$image"; done
for i in $(seq "$repeat"); do
    for n in "${!images[@]}"; do
        start_once "${images[$n]}" "$results/$n"
        echo "  run $i, ${images[$n]}: $(tail -n 1 "$results/$n" | awk '{ printf "GET /users %d ms, ready %d ms", $1, $2 }')"
    done
done
echo "Time from docker start to the first 200, $repeat starts each ($(date -u +%F), $(nproc) cores):"
for n in "${!images[@]}"; do
    size=$(( $(docker image inspect -f '{{.Size}}' "${images[$n]}") / 1000000 ))
    echo "  ${images[$n]} ($size MB): GET /users $(summary "$results/$n" 1); ready $(summary "$results/$n" 2)"
done
