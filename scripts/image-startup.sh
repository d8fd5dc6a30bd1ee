#!/usr/bin/env bash
# Time to the first 200 of JVM images of the service, in one run: each image is started REPEAT times against one
# PostgreSQL 17 container on a network of its own, the images taking turns so that a busy machine weighs on all
# of them alike, and the time from `docker start` to the first 200 of GET /users (the API) and of
# /q/health/ready (the management interface) is printed as median and range, with the image's size.
#   usage: scripts/image-startup.sh [-n REPEAT] IMAGE...     (needs docker, curl and the image postgres:17)
# Everything it starts (the network, the database and the service containers) is removed as it ends.
set -euo pipefail

repeat=5
if [[ ${1:-} == -n ]]; then repeat=$2; shift 2; fi
(( $# > 0 )) || { echo "usage: $0 [-n REPEAT] IMAGE..." >&2; exit 2; }
images=("$@")
run=image-startup-$$
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
results=$(mktemp -d)
cleanup() {
    docker ps -aq --filter "label=$run" | xargs -r docker rm -f >/dev/null
    docker network rm "$run" >/dev/null 2>&1 || true
    rm -rf "$results"
}
trap cleanup EXIT

docker network create "$run" >/dev/null
docker run -d --label "$run" --network "$run" --name "$run-db" -e POSTGRES_USER=application \
    -e POSTGRES_PASSWORD="$password" -e POSTGRES_DB=application postgres:17 >/dev/null
until docker exec "$run-db" pg_isready -q -h 127.0.0.1 -U application -d application; do sleep 0.2; done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
is_200() { [[ $(curl -s -o /dev/null -m 1 -w '%{http_code}' "$1") == 200 ]]; }

# start_once IMAGE FILE: appends "USERS_MS READY_MS" to FILE
start_once() {
    local image=$1 container users_ms="" ready_ms="" started api management
    container=$(docker create --label "$run" --network "$run" -p 127.0.0.1::8080 -p 127.0.0.1::9000 \
        -e POSTGRES_HOSTNAME="$run-db" -e POSTGRES_PORT=5432 -e POSTGRES_USER=application \
        -e POSTGRES_PASSWORD="$password" -e APPLICATION_DB=application \
        --read-only --tmpfs /tmp --cap-drop ALL "$image")
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
