#!/usr/bin/env bash
# Tests of scripts/manage (the management CLI) and of the compose files.
# Runs as root on a fresh machine with a JDK: installs docker-compose and the PostgreSQL client when missing,
# and runs everything that starts PostgreSQL as an unprivileged user (PostgreSQL refuses to run as root).
# Prints "manage-tests: N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/checks.sh

say "Prerequisites"
if [[ $(id -u) -eq 0 ]]; then
    missing=()
    command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "Installing ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || { echo "FAIL: cannot install ${missing[*]}"; exit 1; }
    fi
    # The test user builds the CLI and runs its tests: it needs to write the CLI's target directory.
    mkdir -p scripts/manage-cli/target
    chown -R "$test_user": scripts/manage-cli/target
    # It installs the service (the CLI depends on its jars), and scripts/manage bench packages the service and
    # writes target/bench.
    mkdir -p target
    chown -R "$test_user": target
else
    test_user=$(id -un)
fi
command -v docker-compose >/dev/null 2>&1 || { echo "FAIL: docker-compose is required"; exit 1; }
echo "java: $(java -version 2>&1 | head -1); docker-compose: $(docker-compose version --short 2>/dev/null);" \
    "tests run as: $test_user"

say "JUnit tests of the CLI (real embedded PostgreSQL, compose files validated with docker-compose)"
check "the service's jar and tests' jar, which the CLI depends on, install" 0 "" \
    as_user ./mvnw -B -ntp -q -DskipTests -Dquarkus.generate-code.skip=true -Dquarkus.build.skip=true install
check "manage-cli JUnit tests, none skipped" 0 "^\[INFO\] Tests run: [0-9]+, Failures: 0, Errors: 0, Skipped: 0$" \
    as_user env MANAGE_REQUIRE_COMPOSE=1 ./mvnw -B -ntp -f scripts/manage-cli/pom.xml verify

say "The launcher"
check "scripts/manage builds the CLI when needed and shows help" 0 "Usage: manage" as_user scripts/manage --help
start=$(date +%s%N)
as_user scripts/manage --version >/dev/null 2>&1
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "    a call with the CLI built took ${elapsed_ms} ms"
check "unknown command: clear message, non-zero exit" 2 "Unmatched argument.*'frobnicate'" as_user scripts/manage frobnicate
check "missing argument: clear message, non-zero exit" 2 "Missing required parameter: 'MESSAGE'" as_user scripts/manage db new
check "scenario list shows the shipped scenarios" 0 "two-users +Two users" as_user scripts/manage scenario list

say "Compose files, interpolated with each environment's variables"
# fails COMMAND...: succeeds when COMMAND fails, whatever its exit code (Compose v1 exits 1 on a missing variable, v2 15)
fails() { ! "$@"; }
for environment in development testing; do
    check "docker/$environment.yml is valid for APPLICATION_CONFIG=$environment" 0 "" \
        as_user env APPLICATION_CONFIG="$environment" scripts/manage compose config -q
done
check "docker/production.yml is valid with the three passwords from the environment" 0 "" \
    as_user env APPLICATION_CONFIG=production POSTGRES_PASSWORD=not-a-real-password \
    APPLICATION_OWNER_PASSWORD=not-a-real-password APPLICATION_USER_PASSWORD=not-a-real-password \
    scripts/manage compose config -q
for variable in POSTGRES_PASSWORD APPLICATION_OWNER_PASSWORD APPLICATION_USER_PASSWORD; do
    others=$(printf '%s=x\n' POSTGRES_PASSWORD APPLICATION_OWNER_PASSWORD APPLICATION_USER_PASSWORD | grep -v "^$variable=")
    # shellcheck disable=SC2086 # the two other assignments, one word each
    check "docker/production.yml refuses to start without $variable" 0 "set $variable in the environment" \
        fails as_user env -u "$variable" $others APPLICATION_CONFIG=production scripts/manage compose config -q
done

say "Safety"
check "a malicious APPLICATION_DB is refused before anything runs" 2 "refusing the database name 'app; DROP DATABASE postgres'" \
    as_user env APPLICATION_DB='app; DROP DATABASE postgres' scripts/manage create-initial-db
if [[ $(id -u) -eq 0 ]]; then
    check "as root, the embedded database refuses with a clear message" 1 "PostgreSQL refuses to run as root" \
        env MANAGE_DATABASE=embedded scripts/manage db up
    check "as root, scenario up refuses with a clear message and leaves nothing" 1 "PostgreSQL refuses to run as root" \
        scripts/manage scenario up two-users
fi

say "Benchmark smoke run (scripts/manage bench --quick: a few seconds per step, figures not comparable)"
rm -f target/bench/bench.json
bench_log=$(mktemp)
check "scripts/manage bench --quick completes" 0 "Written: target/bench/bench.json" \
    logged "$bench_log" as_user scripts/manage bench --quick
# the service was packaged once, by ./mvnw verify: the dev loop's edit, undone with its time, rebuilt nothing
check "the bench reuses the packaged service" 0 "" grep -q "The packaged service is up to date" "$bench_log"
if [[ -s target/bench/bench.json ]] && grep -q '"load"' target/bench/bench.json \
        && [[ -s target/bench/bench.md && -s target/bench/bench.svg ]]; then
    pass "the bench wrote target/bench/bench.json, bench.md and bench.svg"
else
    fail "the bench did not write target/bench/bench.json, bench.md and bench.svg"
fi
# four requests, each with a CPU time and a round-trip count above zero (the bench itself fails without them)
measured=$(grep -cE '"(cpuMicrosPerRequest|roundTripsPerRequest)" : [0-9.]*[1-9]' target/bench/bench.json 2>/dev/null)
if [[ ${measured:-0} -eq 8 ]]; then
    pass "bench.json gives each request's CPU and database round trips per request"
else
    fail "bench.json gives ${measured:-0} of the 8 CPU and round-trip figures per request"
fi

say "Fault suite (scripts/manage faults: the packaged service against a PostgreSQL that the suite stops and breaks)"
scenarios=$(as_user scripts/manage faults --list | wc -l)
check "scripts/manage faults: every scenario passes" 0 "^$scenarios passed, 0 failed$" as_user scripts/manage faults
if [[ -s target/faults/faults.json ]]; then
    pass "the fault suite wrote target/faults/faults.json"
else
    fail "the fault suite did not write target/faults/faults.json"
fi

summary manage-tests
