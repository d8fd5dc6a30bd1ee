#!/usr/bin/env bash
# The test database that ./mvnw verify did not use in this run (embedded PostgreSQL, when it ran on Dev Services),
# proven by what differs between the two rather than by the whole suite again: which database the tests choose and
# why, its major version, the roles set up on it, the migrations, a resource's HTTP tests, and the packaged service
# in its production profile on it. Reuses the jar that ./mvnw verify packaged (-Dquarkus.build.skip).
#   usage: MANAGE_TEST_USER=USER .ci/test-database.sh DATABASE     DATABASE: how the "Test database:" line names it
# Prints "test-database (DATABASE): N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/checks.sh
database=$1
tests=(TestDatabaseChoiceTest PostgresVersionTest ServiceRoleTest SchemaMigrationTest UserResourceTest)
its=(ProductionProfileIT OperationsEndpointsIT)
output=$(mktemp)
list() { local IFS=,; echo "$*"; }

say "The tests that touch the test database's plumbing, on $database"
as_user ./mvnw verify -Dquarkus.build.skip=true -Dtest="$(list "${tests[@]}")" -Dit.test="$(list "${its[@]}")" \
    > "$output" 2>&1
check "./mvnw verify of those tests succeeds" 0 "" grep -q "BUILD SUCCESS" "$output"
# one line from the test JVM, one from the JVM that runs the packaged service's tests
check "both JVMs ran on $database" 0 "^2$" grep -c "Test database: $database" "$output"
for class in "${tests[@]}" "${its[@]}"; do
    check "$class ran, nothing failed or skipped" 0 "" \
        grep -qE "Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0, .* in org\.acme\.[a-z.]*\.$class$" "$output"
done
[[ $failed -eq 0 ]] || grep -E 'Tests run:|ERROR' "$output" | head -n 40 | sed 's/^/    /'

summary "test-database ($database)"
