#!/usr/bin/env bash
# Continuous testing, headless, as a developer starts it: plain `./mvnw quarkus:test`, and `scripts/manage dev`
# with continuous testing on. Each run must load every test class and report as many tests as `./mvnw test`
# ran (read from target/surefire-reports, so run `./mvnw verify` first), all passing, none skipped. The dev run
# also checks that the developer's database is untouched by the tests, and measures edit -> reload.
#   usage: MANAGE_TEST_USER=USER .ci/continuous-testing.sh LABEL
# Prints "continuous-testing (LABEL): N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/checks.sh
label=$1
logs=$(mktemp -d /tmp/ci-continuous-testing.XXXXXX)
chmod 777 "$logs"
hello=src/main/java/org/acme/hello/HelloResource.java

expected=$(cat target/surefire-reports/TEST-*.xml 2>/dev/null | grep -o '<testsuite [^>]*' \
    | sed -n 's/.* tests="\([0-9]*\)".*/\1/p' | awk '{ n += $1 } END { print n + 0 }')
say "Continuous testing ($label): ./mvnw test ran $expected tests"

# continuous LOG COMMAND...: starts COMMAND in its own process group, waits for the first complete test run
continuous() {
    local log=$1
    shift
    set -m
    as_user "$@" > "$log" 2>&1 < /dev/null &
    runner_pid=$!
    set +m
    for _ in $(seq 900); do
        grep -qE 'tests? (is|are) passing|tests? failed \(|No tests found|tests were skipped' "$log" && return 0
        kill -0 "$runner_pid" 2>/dev/null || return 1
        sleep 1
    done
    return 1
}
stop() {
    kill -TERM -- "-$runner_pid" 2>/dev/null
    for _ in $(seq 60); do kill -0 "$runner_pid" 2>/dev/null || return 0; sleep 1; done
    kill -KILL -- "-$runner_pid" 2>/dev/null
}
# answers URL: true once URL answers with a 2xx, within 60 s (a dev service that failed to start answers 500s)
answers() {
    local until=$((SECONDS + 60))
    until curl -sf -m 5 -o /dev/null "$1"; do (( SECONDS < until )) || return 1; sleep 0.2; done
}
# result LOG: the first run's result line, without colours
result() { sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -oE 'All [0-9]+ tests? (is|are) passing \([0-9]+ skipped\)|[0-9]+ tests? failed \([0-9]+ passing, [0-9]+ skipped\)|No tests found|All [0-9]+ tests were skipped' | head -n 1; }
# judge NAME LOG: every class loaded, the same count as ./mvnw test, all passing, none skipped
judge() {
    local line
    line=$(result "$2")
    echo "    $line"
    grep 'Failed to load test class' "$2" | sed 's/^/    /'
    if grep -q 'Failed to load test class' "$2"; then
        fail "$1: test classes failed to load"
    elif [[ $line != "All $expected tests are passing (0 skipped)" ]]; then
        fail "$1: expected 'All $expected tests are passing (0 skipped)'"
        sed 's/\x1b\[[0-9;]*m//g' "$2" | grep -E 'ERROR|FAILED|failed' | head -n 20 | sed 's/^/    /'
    else
        pass "$1"
    fi
}

say "./mvnw quarkus:test"
if continuous "$logs/quarkus-test.log" ./mvnw -B quarkus:test -Dquarkus.analytics.disabled=true; then
    grep -h 'Test database' "$logs/quarkus-test.log" | sed 's/^/    /' | head -n 3
    judge "./mvnw quarkus:test runs the whole suite" "$logs/quarkus-test.log"
else
    fail "./mvnw quarkus:test did not complete a test run (log: $logs/quarkus-test.log)"
    tail -n 30 "$logs/quarkus-test.log" | sed 's/^/    /'
fi
stop

say "scripts/manage dev with continuous testing"
as_user scripts/manage db up >/dev/null 2>&1
as_user scripts/manage create-initial-db >/dev/null 2>&1
as_user scripts/manage db migrate >/dev/null 2>&1
as_user scripts/manage psql -- -qc "insert into users (email) values ('ci-developer-$(date +%s)@example.com')" \
    < /dev/null >/dev/null 2>&1
rows() { as_user scripts/manage psql -- -tAc 'select id, email from users order by id' < /dev/null 2>/dev/null | md5sum; }
rows_before=$(rows)
if continuous "$logs/dev.log" scripts/manage dev -- -Dquarkus.test.continuous-testing=enabled \
        -Dquarkus.analytics.disabled=true; then
    grep -h 'Test database' "$logs/dev.log" | sed 's/^/    /' | head -n 3
    judge "scripts/manage dev runs the whole suite" "$logs/dev.log"

    # The service itself, then the addresses that scripts/manage dev prints (Dev UI, Swagger UI, OpenAPI), answer.
    if answers http://localhost:8080/; then
        pass "the dev service answers http://localhost:8080/"
    else
        fail "the dev service does not answer http://localhost:8080/ within 60 s"
        sed 's/\x1b\[[0-9;]*m//g' "$logs/dev.log" | grep -E 'ERROR|Caused by' | head -n 10 | sed 's/^/    /'
    fi
    for url in $(grep -m1 '^Dev UI: ' "$logs/dev.log" | grep -oE 'http://[^ ]+'); do
        if curl -sfL -m 30 -o /dev/null "$url"; then pass "$url answers"; else fail "$url, printed by scripts/manage dev, does not answer"; fi
    done
    grep -q '^Dev UI: ' "$logs/dev.log" || fail "scripts/manage dev did not print where the Dev UI is"

    # Edit -> reload: a body-only change to a resource method, timed from the save to the first answer with it.
    original=$(cat "$hello")
    answers http://localhost:8080/
    sleep 3   # dev mode looks for changes on a request at most every 2 s: start from a quiet service, like a developer
    started=$(date +%s%N)
    sed -i 's/"Hello, World!"/"Hello, reloaded!"/' "$hello"
    reloaded=no
    until (( $(date +%s%N) - started > 12000000000 )); do
        if [[ $(curl -s -m 5 http://localhost:8080/) == "Hello, reloaded!" ]]; then reloaded=yes; break; fi
        sleep 0.02
    done
    elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
    printf '%s\n' "$original" > "$hello"
    if [[ $reloaded == yes ]]; then
        pass "an edit to a resource method is served ${elapsed_ms} ms after the save"
        grep -E 'Live reload|Hot replace|restarted in|Restarting' "$logs/dev.log" | tail -n 2 | sed 's/^/    /'
    else
        fail "an edit to a resource method was not served within 12 s"
    fi
else
    fail "scripts/manage dev did not complete a test run (log: $logs/dev.log)"
    tail -n 30 "$logs/dev.log" | sed 's/^/    /'
fi
stop
if [[ $(rows) == "$rows_before" ]]; then
    pass "the developer's users table is the same before and after the tests"
else
    fail "the tests changed the developer's users table"
fi
as_user scripts/manage db down >/dev/null 2>&1

summary "continuous-testing ($label)"
