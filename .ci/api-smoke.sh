#!/usr/bin/env bash
# The API contract, from outside: create, read, conflict, not found, and problem documents for the errors.
#   usage: .ci/api-smoke.sh BASE_URL      e.g. http://127.0.0.1:18080
# Prints one line per check and "api-smoke: N passed, N failed"; exits 1 when any failed.
set -uo pipefail

base=$1
passed=0
failed=0
email="smoke-$(date +%s%N)@example.com"
response=$(mktemp)
headers=$(mktemp)
trap 'rm -f "$response" "$headers"' EXIT

# request METHOD PATH [BODY]: sets $status; the body is in $response, the headers in $headers
request() {
    local args=(-s -o "$response" -D "$headers" -w '%{http_code}' -X "$1" "$base$2")
    [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
    status=$(curl "${args[@]}") || status=000
}
# check WHAT COMMAND...: passes when COMMAND succeeds
check() {
    local what=$1
    shift
    if "$@"; then
        passed=$((passed + 1)); echo "  [ok] $what"
    else
        failed=$((failed + 1)); echo "  [FAIL] $what (status $status: $(head -c 300 "$response"))"
    fi
}
header() { tr -d '\r' < "$headers" | sed -n "s/^$1: //Ip" | head -n 1; }
body_has() { grep -qF -- "$1" "$response"; }
# problem STATUS: an RFC 9457 document with that status, and nothing of the implementation in it
problem() {
    [[ $status == "$1" && $(header Content-Type) == application/problem+json* ]] && body_has "\"status\":$1" \
        && body_has '"title"' && ! grep -qE 'Exception|[[:space:]]at [a-z]' "$response"
}
created() { [[ $status == 201 && $(header Location) == */users/[0-9]* ]] && body_has "\"email\":\"$email\""; }
read_back() { [[ $status == 200 ]] && body_has "\"id\":$id," && body_has "\"email\":\"$email\""; }

request POST /users "{\"email\":\"$email\"}"
check "create: 201, a Location, the new user" created
id=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$response")

request GET "/users/$id"
check "read: 200, the same user" read_back

request POST /users "{\"email\":\"$email\"}"
check "the same email again: 409 problem" problem 409

request GET /users/2147483000
check "an unknown id: 404 problem" problem 404

request POST /users '{"email":'
check "malformed JSON: 400 problem" problem 400

request POST /users '{"email":"not-an-email"}'
check "an invalid email: 400 problem" problem 400

request GET '/users?page=0&size=1000'
check "a page too large: 400 problem" problem 400

echo "api-smoke: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
