# Shared by the CI scripts that count checks (source it): one line per check, a summary line at the end.
#   check NAME EXPECTED_EXIT_CODE EXPECTED_OUTPUT_PATTERN COMMAND...
#   as_user COMMAND...   runs COMMAND as the unprivileged user of the run ($test_user) when run as root
#   summary NAME         prints "NAME: N passed, N failed" and fails when anything failed
#   logged FILE COMMAND...  runs COMMAND with its output copied to FILE
#   start_background LOG COMMAND...  /  stop_background   one long-running command as the run's user
#   wait_for_log LOG PATTERN SECONDS    wait_for_200 URL SECONDS
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

# logged FILE COMMAND...: runs COMMAND with its output copied to FILE, for checks of it afterwards
logged() {
    local file=$1
    shift
    "$@" 2>&1 | tee "$file"
    return "${PIPESTATUS[0]}"
}

# start_background LOG COMMAND...: starts COMMAND as the run's user in its own process group, output to LOG
start_background() {
    local log=$1
    shift
    set -m
    as_user "$@" > "$log" 2>&1 < /dev/null &
    background_pid=$!
    set +m
}
# stop_background: SIGTERM to the whole group, SIGKILL after 60 s
stop_background() {
    kill -TERM -- "-$background_pid" 2>/dev/null
    for _ in $(seq 60); do kill -0 "$background_pid" 2>/dev/null || return 0; sleep 1; done
    kill -KILL -- "-$background_pid" 2>/dev/null
}
# wait_for_log LOG PATTERN SECONDS: true once LOG matches PATTERN; false when the command ended or time ran out
wait_for_log() {
    local until=$((SECONDS + $3))
    until grep -qE "$2" "$1"; do
        kill -0 "$background_pid" 2>/dev/null && (( SECONDS < until )) || return 1
        sleep 1
    done
}
# wait_for_200 URL SECONDS: true once URL answers 200 (a dev service that failed to start answers 500s)
wait_for_200() {
    local until=$((SECONDS + $2))
    until [[ $(curl -s -m 5 -o /dev/null -w '%{http_code}' "$1") == 200 ]]; do
        (( SECONDS < until )) || return 1
        sleep 0.2
    done
}
