# Shared by the CI scripts that count checks (source it): one line per check, a summary line at the end.
#   check NAME EXPECTED_EXIT_CODE EXPECTED_OUTPUT_PATTERN COMMAND...
#   as_user COMMAND...   runs COMMAND as the unprivileged user of the run ($test_user) when run as root
#   summary NAME         prints "NAME: N passed, N failed" and fails when anything failed
passed=0
failed=0
failures=()
test_user=${MANAGE_TEST_USER:-$(id -un)}

say() { printf '\n=== %s\n' "$*"; }
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1"; }

check() {
    local name=$1 expected_code=$2 pattern=$3
    shift 3
    local output code
    output=$("$@" 2>&1)
    code=$?
    printf '%s\n' "$output" | sed 's/^/    /'
    if [[ $code -ne $expected_code ]]; then
        fail "$name (exit code $code, expected $expected_code)"
    elif [[ -n $pattern ]] && ! grep -Eq -- "$pattern" <<<"$output"; then
        fail "$name (output does not match /$pattern/)"
    else
        pass "$name"
    fi
}

as_user() {
    if [[ $(id -u) -eq 0 && $test_user != root ]]; then
        runuser -u "$test_user" -- env HOME="$(getent passwd "$test_user" | cut -d: -f6)" "$@"
    else
        "$@"
    fi
}

summary() {
    say "Summary"
    for failure in "${failures[@]}"; do
        echo "  failed: $failure"
    done
    echo "$1: $passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}
