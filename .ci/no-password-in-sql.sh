#!/usr/bin/env bash
# The compose init of the database (docker/initdb/application-roles.sh, as docker/production.yml runs it) with
# log_statement=all: no password in the server's log nor on any command line while it runs, and both roles log in
# with their passwords afterwards. (create-initial-db's half: the CLI's EmbeddedDatabaseTest.)
#   usage: .ci/no-password-in-sql.sh      (as root, or as a user who may use docker)
# Prints "no-password-in-sql: N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/checks.sh
postgres_image=$(sed -n 's/^quarkus\.datasource\.devservices\.image-name=//p' src/main/resources/application.properties)
run=no-password-in-sql-$$
work=$(mktemp -d)
cleanup() {
    [[ -n ${sampler:-} ]] && kill "$sampler" 2>/dev/null
    docker rm -f "$run" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

random() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
export POSTGRES_PASSWORD APPLICATION_OWNER_PASSWORD APPLICATION_USER_PASSWORD
POSTGRES_PASSWORD=admin-$(random) APPLICATION_OWNER_PASSWORD=owner-$(random) APPLICATION_USER_PASSWORD=service-$(random)

say "The compose init of $postgres_image with log_statement=all"
docker create --name "$run" -e POSTGRES_USER=postgres -e POSTGRES_PASSWORD -e POSTGRES_DB=application \
    -e APPLICATION_DB=application -e APPLICATION_OWNER=application_owner -e APPLICATION_OWNER_PASSWORD \
    -e APPLICATION_USER=application -e APPLICATION_USER_PASSWORD -e PGOPTIONS="-c log_statement=all" \
    -e PATH="/usr/local/sbin:$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$postgres_image" \
        | sed -n 's/^PATH=//p')" \
    "$postgres_image" -c log_statement=all >/dev/null
docker cp docker/initdb/. "$run:/docker-entrypoint-initdb.d/"
# psql and perl, as the init script finds them (/usr/local/sbin first in PATH), record their command lines first: a sample of ps may miss a
# process that lives a few milliseconds, these do not
mkdir -p "$work/sbin"
for tool in psql perl; do
    cat > "$work/sbin/$tool" <<'WRAPPER'
#!/bin/sh
printf '%s\n' "$0 $*" >> /tmp/argv.log
PATH=$(printf '%s' "$PATH" | sed 's#/usr/local/sbin:##') exec "$(basename "$0")" "$@"
WRAPPER
    chmod 755 "$work/sbin/$tool"
done
docker cp "$work/sbin/." "$run:/usr/local/sbin/"
# (PGOPTIONS: the init's own sessions log every statement too, whatever options the image gives its temporary server)
# every command line on this machine, sampled while the container initialises (its processes are the host's too)
( while :; do ps -eo args >> "$work/ps"; sleep 0.05; done ) &
sampler=$!
docker start "$run" >/dev/null
for _ in $(seq 600); do
    docker exec "$run" pg_isready -q -h 127.0.0.1 -U postgres -d application && break
    sleep 0.2
done
kill "$sampler"; sampler=
docker logs "$run" > "$work/log" 2>&1
docker exec "$run" cat /tmp/argv.log > "$work/argv" 2>&1

check "the init script ran" 0 "application-roles.sh: roles application_owner" cat "$work/log"
check "the init script's psql and perl recorded their command lines" 0 "psql .*-U postgres" cat "$work/argv"
check "the server logged every statement (ALTER ROLE among them)" 0 "statement: ALTER ROLE" cat "$work/log"
check "the ALTER ROLE statements carry SCRAM verifiers" 0 "PASSWORD 'SCRAM-SHA-256\\\$4096:" cat "$work/log"
for name in APPLICATION_OWNER_PASSWORD APPLICATION_USER_PASSWORD POSTGRES_PASSWORD; do
    check "no $name in the server's log" 1 "" grep -cF -- "${!name}" "$work/log"
    check "no $name on the command line of psql or perl" 1 "" grep -cF -- "${!name}" "$work/argv"
    check "no $name on any command line while it initialised ($(wc -l < "$work/ps") lines sampled)" 1 "" \
        grep -cF -- "${!name}" "$work/ps"
done
# login_as ROLE PASSWORD: the password goes to docker exec in its environment, not on its command line
login_as() {
    PGPASSWORD=$2 docker exec -e PGOPTIONS= -e PGPASSWORD "$run" psql -h 127.0.0.1 -U "$1" -d application \
        -Atc "SELECT current_user"
}
check "the owner logs in with its password" 0 "^application_owner$" login_as application_owner "$APPLICATION_OWNER_PASSWORD"
check "the service's role logs in with its password" 0 "^application$" login_as application "$APPLICATION_USER_PASSWORD"
check "a wrong password is refused" 2 "password authentication failed" login_as application wrong

summary "no-password-in-sql"
