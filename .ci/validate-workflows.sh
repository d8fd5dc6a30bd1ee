#!/usr/bin/env bash
# Validates the files for a hosted CI service, which does not run here: .github/workflows/*.yml with
# @action-validator/cli (GitHub's workflow schema, and the paths and globs it names), and .github/dependabot.yml
# with ajv-cli against .ci/schemas/dependabot-2.0.json (Dependabot's version 2 keys; an unknown key is an error),
# plus what no schema knows: each directory it names exists and holds what its ecosystem reads.
# Both validators come from the npm registry at pinned versions, installed into a temporary directory.
# Each validator is first shown a broken file, which it must reject, so that a validator that passes everything
# fails the run.
#   usage: .ci/validate-workflows.sh      needs node and npm (installs Debian's nodejs and npm as root when missing)
# Prints "validate-workflows: N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/checks.sh
action_validator=@action-validator/cli@0.6.0
ajv_cli=ajv-cli@5.0.0

say "Prerequisites"
if ! command -v npm >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]]; then
        echo "Installing nodejs and npm"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null \
            || { echo "FAIL: cannot install nodejs and npm"; exit 1; }
    else
        echo "FAIL: npm is required"; exit 1
    fi
fi
tools=$(mktemp -d /tmp/ci-validate-workflows.XXXXXX)
trap 'rm -rf "$tools"' EXIT
if ! (cd "$tools" && npm install --no-audit --no-fund --no-save --silent "$action_validator" "$ajv_cli" >npm.log 2>&1); then
    echo "FAIL: npm install $action_validator $ajv_cli"
    sed 's/^/    /' "$tools/npm.log" | tail -n 20
    exit 1
fi
echo "node $(node --version); $action_validator, $ajv_cli in $tools"
validate_workflow() { "$tools/node_modules/.bin/action-validator" "$1"; }
validate_dependabot() {
    "$tools/node_modules/.bin/ajv" validate --spec=draft7 --strict=false --all-errors --errors=text \
        -s .ci/schemas/dependabot-2.0.json -d "$1"
}

say "The validators reject broken files"
broken=$tools/broken
mkdir -p "$broken"
# a job without runs-on, and a step with neither uses nor run
printf 'name: broken\non: push\njobs:\n  build:\n    steps:\n      - name: nothing\n' > "$broken/ci.yml"
# (its first lines only: the validator prints every schema it tried)
first_lines() { "$@" 2>&1 | head -n 8; return "${PIPESTATUS[0]}"; }
check "action-validator rejects a job without runs-on" 1 "" first_lines validate_workflow "$broken/ci.yml"
sed 's/interval: weekly/interval: fortnightly/' .github/dependabot.yml > "$broken/dependabot.yml"
check "the Dependabot schema rejects an unknown interval" 1 "" validate_dependabot "$broken/dependabot.yml"
sed 's/^\(  - package-ecosystem: docker\)$/\1\n    schedual:\n      interval: weekly/' .github/dependabot.yml \
    > "$broken/dependabot.yml"
check "the Dependabot schema rejects a misspelt key" 1 "" validate_dependabot "$broken/dependabot.yml"

say "The workflows"
for workflow in .github/workflows/*.yml; do
    check "$workflow is a valid workflow" 0 "" validate_workflow "$workflow"
done

say "Dependabot"
check ".github/dependabot.yml matches Dependabot's version 2" 0 "" validate_dependabot .github/dependabot.yml
# the directories named, with their ecosystem: one "ecosystem directory" per line
directories() {
    awk '/^  - package-ecosystem:/ { ecosystem = $3; listing = 0; next }
         /^    directory:/ { print ecosystem, $2; next }
         /^    directories:/ { listing = 1; next }
         listing && /^      - / { print ecosystem, $2; next }
         /^    [a-z]/ { listing = 0 }' .github/dependabot.yml
}
# watched ECOSYSTEM DIRECTORY: the directory holds the files that Dependabot reads for the ecosystem
watched() {
    local dir=.$2
    case $1 in
        maven) [[ -f $dir/pom.xml ]] ;;
        docker) compgen -G "$dir/Dockerfile*" >/dev/null ;;
        github-actions) compgen -G "$dir/.github/workflows/*.yml" >/dev/null ;;
        *) [[ -d $dir ]] ;;
    esac
}
while read -r ecosystem directory; do
    check "$ecosystem: $directory holds what Dependabot reads" 0 "" watched "$ecosystem" "$directory"
done < <(directories)
# every Maven project and every Dockerfile of the repository is watched
for pom in $(git ls-files '*pom.xml'); do
    directory=/$(dirname "$pom"); directory=${directory%/.}
    check "Dependabot watches $pom" 0 "" grep -qx "maven ${directory:-/}" <(directories)
done
for dockerfile in $(git ls-files '*Dockerfile*' | grep -v '^\.ci/'); do
    check "Dependabot watches $dockerfile" 0 "" grep -qx "docker /$(dirname "$dockerfile")" <(directories)
done

summary validate-workflows
