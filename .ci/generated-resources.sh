#!/usr/bin/env bash
# scripts/manage new resource, end to end (issue 21): in a scratch copy of the checkout, generate customers and
# orders (which refer to customers) as a developer would, then run exactly their generated tests and the contract
# tests (not the whole suite), and check that the served OpenAPI document lists the new operations with their
# problem answers and that the contract test (OpenApiDocumentTest) provoked each of them.
# Generating runs db new -m, which starts a throwaway PostgreSQL: as root, everything runs as $MANAGE_TEST_USER.
#   usage: [MANAGE_TEST_USER=USER] .ci/generated-resources.sh
# Prints "generated-resources: N passed, N failed" last; exits non-zero when anything failed. The scratch copy is
# removed when everything passed, and kept (its path printed) when something failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/checks.sh
project=$(pwd)
# as .ci/run: Testcontainers' resource reaper is an image of its own; Quarkus stops its Dev Services containers itself
export TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-true}
tests=(CustomerResourceTest OrderResourceTest OpenApiDocumentTest ServiceUnavailableContractTest HostileInputTest
    GeneratedResourcesDocumentTest)
list() { local IFS=,; echo "$*"; }

scratch=$(mktemp -d /tmp/generated-resources.XXXXXX)
say "A scratch copy of the checkout in $scratch (the working tree as it is, without build output)"
tar -C "$project" --exclude=./target --exclude=./.data --exclude=./scripts/manage-cli/target -cf - . \
    | tar -C "$scratch" -xf -
[[ $(id -u) -eq 0 ]] && chown -R "$test_user": "$scratch"
cd "$scratch" || exit 1

say "Generating customers, then orders that refer to them"
check "new resource customers" 0 "Created the resource customers at /customers" \
    as_user scripts/manage new resource customers name:text email:text:unique born:date
check "new resource orders, with a reference to customers" 0 "Created the resource orders at /orders" \
    as_user scripts/manage new resource orders reference:text:unique customer:reference:customers total:decimal \
    quantity:integer paid:boolean placed_at:timestamp
check "the migrations were generated from the entities" 0 "" \
    grep -qi "create table orders" src/main/resources/db/migration/V6__create_orders.sql
listing_before=$(find src docs -type f | sort | xargs md5sum)
check "customers again is refused, naming the argument" 2 "the resource name 'customers'.*Nothing was written" \
    as_user scripts/manage new resource customers name:text
check "... and writes nothing" 0 "" test "$listing_before" = "$(find src docs -type f | sort | xargs md5sum)"

# A small check of the served document, in the scratch copy only: the operations and their problem answers.
cat > src/test/java/org/acme/openapi/GeneratedResourcesDocumentTest.java <<'JAVA'
package org.acme.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Written by .ci/generated-resources.sh: the served document lists the generated operations with their answers. */
@QuarkusTest
class GeneratedResourcesDocumentTest {

    @Test
    void theGeneratedOperationsAreServedWithTheirProblemAnswers() {
        for (String collection : List.of("/customers", "/orders")) {
            Map<String, List<Integer>> expected = Map.of(
                    "GET " + collection, List.of(200, 400, 503),
                    "POST " + collection, List.of(201, 400, 409, 413, 415, 422, 503),
                    "GET " + collection + "/{id}", List.of(200, 404, 503),
                    "PUT " + collection + "/{id}", List.of(200, 400, 404, 409, 413, 415, 503),
                    "DELETE " + collection + "/{id}", List.of(204, 404, 503));
            expected.forEach((name, statuses) -> {
                DocumentedOperation operation = ServedDocument.operation(name);
                assertThat(operation.statuses()).as(name).containsAll(statuses);
                System.out.println("served: " + name + " " + operation.statuses());
            });
        }
        assertThat(ServedDocument.operation("POST /orders").response(201).getHeaders()).containsKey("Location");
        assertThat(ServedDocument.operation("GET /orders").response(200).getHeaders())
                .containsKeys("Link", "X-Total-Count");
    }
}
JAVA
[[ $(id -u) -eq 0 ]] && chown "$test_user": src/test/java/org/acme/openapi/GeneratedResourcesDocumentTest.java

say "Their generated tests and the contract tests: $(list "${tests[@]}")"
output=$(mktemp)
started=$SECONDS
as_user ./mvnw -B -ntp test -Dtest="$(list "${tests[@]}")" > "$output" 2>&1
echo "    ./mvnw test took $((SECONDS - started)) s; $(grep -m1 -o 'Test database: .*' "$output" || echo 'no Test database line')"
check "./mvnw test of those classes succeeds" 0 "" grep -q "BUILD SUCCESS" "$output"
for class in "${tests[@]}"; do
    check "$class ran, nothing failed or skipped" 0 "" \
        grep -qE "Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0, .* in org\.acme\.[a-z.]*\.$class$" "$output"
done
grep -E 'Tests run: [0-9]+, .* in org\.acme\.' "$output" | sed 's/^\[[A-Z]*\] /    /'
[[ $failed -eq 0 ]] || grep -E 'ERROR|FAIL' "$output" | head -n 60 | sed 's/^/    /'
grep '^served: ' "$output" | sed 's/^/    /'

say "The contract test provoked each documented answer of the new operations (its Surefire report)"
report=target/surefire-reports/TEST-org.acme.openapi.OpenApiDocumentTest.xml
for collection in /customers /orders; do
    for answer in "GET $collection 200" "GET $collection 400" "POST $collection 201" "POST $collection 400" \
        "POST $collection 409" "POST $collection 413" "POST $collection 415" "POST $collection 422" \
        "GET $collection/{id} 200" "GET $collection/{id} 404" "PUT $collection/{id} 200" "PUT $collection/{id} 400" \
        "PUT $collection/{id} 404" "PUT $collection/{id} 409" "DELETE $collection/{id} 204" \
        "DELETE $collection/{id} 404"; do
        check "OpenApiDocumentTest: $answer" 0 "" grep -qF "$answer" "$report"
    done
done
check "OpenApiDocumentTest failed none of them" 0 "" grep -qE '<testsuite [^>]*errors="0"[^>]*failures="0"' "$report"

if [[ $(id -u) -eq 0 ]]; then
    # last: as root, scripts/manage builds its CLI as root in the scratch copy
    say "As root"
    listing_before=$(find src docs -type f | sort | xargs md5sum)
    check "as root, new resource refuses before it writes anything (db new -m cannot run)" 1 \
        "PostgreSQL refuses to run as root" scripts/manage new resource widgets name:text
    check "... and writes nothing" 0 "" test "$listing_before" = "$(find src docs -type f | sort | xargs md5sum)"
fi

cd "$project" || exit 1
if [[ $failed -eq 0 ]]; then
    rm -rf "$scratch"
else
    echo "The scratch copy stays for a look: $scratch (test output: $output)"
fi
summary "generated-resources"
