#!/usr/bin/env bash
# The dev loop as a developer starts it: `scripts/manage dev` with continuous testing on, on the development
# database. The first test run must load every test class and report as many tests as `./mvnw verify` ran (read
# from target/surefire-reports, so run that first), all passing, none skipped, on a throwaway database of the
# development server; the developer's rows must be the same afterwards. Then an edit to a resource method is
# served without a restart, and the edit is undone with the file's old time, so nothing downstream rebuilds.
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
say "Continuous testing ($label): ./mvnw verify ran $expected tests in the test JVM"
[[ $expected -gt 0 ]] || fail "no Surefire reports: run ./mvnw verify first"

# result LOG: the first run's result line, without colours
result() { sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -oE 'All [0-9]+ tests? (is|are) passing \([0-9]+ skipped\)|[0-9]+ tests? failed \([0-9]+ passing, [0-9]+ skipped\)|No tests found|All [0-9]+ tests were skipped' | head -n 1; }

# serves TEXT: true once the dev service answers TEXT on /, within 12 s
serves() {
    local until=$((SECONDS + 12))
    until [[ $(curl -s -m 5 http://localhost:8080/) == "$1" ]]; do (( SECONDS < until )) || return 1; sleep 0.02; done
}

say "The development database, with a row of the developer's"
marker="ci-developer-$(date +%s)@example.com"
check "db up" 0 "" as_user scripts/manage db up
check "create-initial-db" 0 "" as_user scripts/manage create-initial-db
check "db migrate" 0 "" as_user scripts/manage db migrate
check "a row of the developer's is written" 0 "INSERT 0 1" \
    as_user scripts/manage psql -- -c "insert into users (email) values ('$marker')" < /dev/null
# rows FILE: every user of the development database, in id order; fails when psql fails
rows() { as_user scripts/manage psql -- -v ON_ERROR_STOP=1 -tAc 'select id, email from users order by id' < /dev/null > "$1"; }
developer_rows() { rows "$1" && grep -qF "$marker" "$1"; }
check "the developer's rows are read, the new one among them" 0 "" developer_rows "$logs/before"

say "scripts/manage dev with continuous testing"
start_background "$logs/dev.log" scripts/manage dev -- -Dquarkus.test.continuous-testing=enabled \
    -Dquarkus.analytics.disabled=true
if wait_for_log "$logs/dev.log" 'tests? (is|are) passing|tests? failed \(|No tests found|tests were skipped' 900; then
    line=$(result "$logs/dev.log")
    echo "    $line"
    grep -h 'Test database' "$logs/dev.log" | sed 's/^/    /' | head -n 3
    if grep -q 'Failed to load test class' "$logs/dev.log"; then
        grep 'Failed to load test class' "$logs/dev.log" | sed 's/^/    /'
        fail "continuous testing: test classes failed to load"
    elif [[ $line != "All $expected tests are passing (0 skipped)" ]]; then
        fail "continuous testing: expected 'All $expected tests are passing (0 skipped)'"
        sed 's/\x1b\[[0-9;]*m//g' "$logs/dev.log" | grep -E 'ERROR|FAILED|failed' | head -n 20 | sed 's/^/    /'
    else
        pass "continuous testing runs the whole suite: $line"
    fi
    # In scripts/manage dev the development settings name the server, so the tests get a database of their own there.
    if grep -qE 'Test database: PostgreSQL server at [^ ]+ \(POSTGRES_HOSTNAME is set\), database [a-z_]+_[0-9a-f]{8}' "$logs/dev.log"; then
        pass "the tests ran on a throwaway database of the development server"
    else
        fail "the tests did not say they ran on a throwaway database of the development server"
    fi

    if wait_for_200 http://localhost:8080/ 60; then
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
    # The file is written in place (its folder's time stays) and gets its old time back afterwards, so that
    # scripts/manage and the bench, which rebuild when a source is newer than their jars, see no change.
    original=$logs/HelloResource.java
    cp -p "$hello" "$original"
    sleep 3   # dev mode looks for changes on a request at most every 2 s: start from a quiet service, like a developer
    started=$(date +%s%N)
    sed 's/"Hello, World!"/"Hello, reloaded!"/' "$original" > "$hello"
    if serves "Hello, reloaded!"; then
        pass "an edit to a resource method is served $(( ($(date +%s%N) - started) / 1000000 )) ms after the save"
        grep -E 'Live reload|Hot replace|restarted in|Restarting' "$logs/dev.log" | tail -n 2 | sed 's/^/    /'
    else
        fail "an edit to a resource method was not served within 12 s"
    fi
    cat "$original" > "$hello"
    sleep 3
    # served, so compiled: target/classes holds the original again, for any build that reuses it
    check "the undone edit is served again" 0 "" serves "Hello, World!"
    touch -r "$original" "$hello"
else
    fail "scripts/manage dev did not complete a test run (log: $logs/dev.log)"
    tail -n 30 "$logs/dev.log" | sed 's/^/    /'
fi
stop_background
check "the developer's rows are read again" 0 "" rows "$logs/after"
if [[ -s $logs/before ]] && cmp -s "$logs/before" "$logs/after"; then
    pass "the developer's users table is the same before and after the tests"
else
    fail "the tests changed the developer's users table (or it could not be read)"
    diff "$logs/before" "$logs/after" | head -n 10 | sed 's/^/    /'
fi
check "db down" 0 "" as_user scripts/manage db down

summary "continuous-testing ($label)"
