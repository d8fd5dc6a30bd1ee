#!/usr/bin/env bash
# ./mvnw quarkus:dev on its own, without scripts/manage:
#   - with a container engine, dev mode starts the db service of docker/development.yml itself (Compose Dev Services,
#     project development), what it stored survives a restart of dev mode, and a database that scripts/manage db up
#     started is used as it is and left running;
#   - with no container engine and no database, dev mode ends at once with what to run, and no stack trace. "No
#     engine" is the run's user outside the docker group with DOCKER_HOST pointing nowhere: neither the docker CLI
#     nor Testcontainers can reach the engine that this machine runs.
#   usage (as root): MANAGE_TEST_USER=USER .ci/dev-mode.sh
# Prints "dev-mode: N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/checks.sh
[[ $(id -u) -eq 0 ]] || { echo "FAIL: run as root (the no-engine check drops the user's docker group)"; exit 1; }
dev_mode=(./mvnw quarkus:dev -Dquarkus.test.continuous-testing=disabled -Dquarkus.analytics.disabled=true)
email="ci-dev-mode-$(date +%s)@example.com"

new_log() { local log; log=$(mktemp /tmp/ci-dev-mode.XXXXXX); chmod 666 "$log"; echo "$log"; }
# the state of the development project's db container (running, exited), nothing when there is none
db_state() {
    docker ps -a --filter label=com.docker.compose.project=development --filter label=com.docker.compose.service=db \
        --format '{{.State}}'
}
# db_state_becomes PATTERN SECONDS: prints the state once it matches PATTERN (dev mode stops its database after its own
# process has ended), or the last state when time ran out
db_state_becomes() {
    local until=$((SECONDS + $2)) state
    while state=$(db_state); ! grep -Eq -- "$1" <<<"$state" && (( SECONDS < until )); do
        sleep 1
    done
    echo "$state"
}
dev_mode_answers() {
    if wait_for_200 http://localhost:8080/users 300; then
        pass "dev mode answers http://localhost:8080/users"
    else
        fail "dev mode does not answer http://localhost:8080/users within 300 s (log: $1)"
        sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -vE '^\s+at ' | tail -n 20 | sed 's/^/    /'
    fi
}

if as_user docker info >/dev/null 2>&1; then
    say "with a container engine: ./mvnw quarkus:dev starts its database"
    as_user scripts/manage db down >/dev/null 2>&1
    check "no development database runs before dev mode" 0 "^(exited)?$" db_state
    log=$(new_log)
    start_background "$log" "${dev_mode[@]}"
    dev_mode_answers "$log"
    check "dev mode started the db service of docker/development.yml" 0 "Container development-db-1 +Started" \
        cat "$log"
    created=$(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$email\"}" http://localhost:8080/users)
    id=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$created")
    check "a user is created" 0 "^[0-9]+$" echo "$id"
    check "its database is the development project's container" 0 "^running$" db_state
    stop_background
    check "dev mode stopped the database it started" 0 "^(exited)?$" db_state_becomes "^(exited)?$" 60
    check "the named volume is kept" 0 "^development_postgres-data$" docker volume ls -q --filter name=development_postgres-data

    say "./mvnw quarkus:dev again: the data survived"
    log=$(new_log)
    start_background "$log" "${dev_mode[@]}"
    dev_mode_answers "$log"
    check "the user is still there" 0 "\"email\":\"$email\"" curl -s "http://localhost:8080/users/$id"
    stop_background

    say "a database that scripts/manage db up started is used, and left running"
    check "scripts/manage db up starts the development project's db" 0 "docker/development.yml" as_user scripts/manage db up
    log=$(new_log)
    start_background "$log" "${dev_mode[@]}"
    dev_mode_answers "$log"
    check "dev mode uses the running database" 0 "Discovered existing Compose services for project development" \
        cat "$log"
    check "the user is there" 0 "\"email\":\"$email\"" curl -s "http://localhost:8080/users/$id"
    stop_background
    check "the database keeps running after dev mode" 0 "^running$" db_state
    as_user scripts/manage db down >/dev/null 2>&1
fi

say "with no container engine and no database: dev mode ends at once, saying what to run"
home=$(getent passwd "$test_user" | cut -d: -f6)
log=$(new_log)
started=$SECONDS
setpriv --reuid="$test_user" --regid="$test_user" --clear-groups \
    env HOME="$home" DOCKER_HOST=unix:///run/ci-no-container-engine.sock timeout 300 "${dev_mode[@]}" \
    > "$log" 2>&1 < /dev/null
code=$?
echo "    dev mode ended $((SECONDS - started)) s after ./mvnw quarkus:dev started (exit code $code)"
check "dev mode ends with exit code 1" 0 "^1$" echo "$code"
check "it names the address and what to run" 0 \
    "^No PostgreSQL answers at localhost:5432 .*config/development.json.*" cat "$log"
check "it names scripts/manage dev and scripts/manage db up" 0 "scripts/manage db up" \
    grep -E "^ +scripts/manage (dev|db up) " "$log"
check "no stack trace" 1 "" grep -E '^\s+at [a-z]' "$log"

summary dev-mode
