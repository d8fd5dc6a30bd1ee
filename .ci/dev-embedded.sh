#!/usr/bin/env bash
# scripts/manage dev with no container engine, as on a machine with only a JDK: the development database is embedded
# PostgreSQL with its data under .data/development, the service answers on it, and what it stored is still there
# after the database restarts. (Continuous testing and live reload are the same as with an engine:
# .ci/continuous-testing.sh walks them.)
#   usage: MANAGE_TEST_USER=USER DOCKER_HOST=<no engine> .ci/dev-embedded.sh
# Prints "dev-embedded: N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/checks.sh
log=$(mktemp /tmp/ci-dev-embedded.XXXXXX)
chmod 666 "$log"
email="ci-embedded-$(date +%s)@example.com"

say "scripts/manage dev on the embedded development database"
start_background "$log" scripts/manage dev -- -Dquarkus.test.continuous-testing=disabled -Dquarkus.analytics.disabled=true
check "the development database is embedded PostgreSQL" 0 "" wait_for_log "$log" 'Starting the development database: embedded PostgreSQL' 300
if wait_for_200 http://localhost:8080/users 300; then
    pass "the dev service answers http://localhost:8080/users"
else
    fail "the dev service does not answer http://localhost:8080/users within 300 s (log: $log)"
    sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -n 20 | sed 's/^/    /'
fi
check "a user is created" 0 "^201$" curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\"}" http://localhost:8080/users
stop_background
check "db down stops the embedded database" 0 "" as_user scripts/manage db down
check "db up starts it again" 0 "embedded PostgreSQL" as_user scripts/manage db up
check "the user is still there" 0 "^$email$" \
    as_user scripts/manage psql -- -tAc "select email from users where email = '$email'" < /dev/null
check "db down" 0 "" as_user scripts/manage db down

summary dev-embedded
