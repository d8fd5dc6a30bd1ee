#!/bin/sh
# The training run of docker/Dockerfile.jvm's JDK 25 AOT cache: the service, as the image runs it, against a
# throwaway PostgreSQL in the build stage, serving a few hundred requests; the JVM writes the cache as it exits.
# A cache trained this way starts the service in about 1.35 s, against 1.7 s for one trained by a boot without a
# database (scripts/manage bench, docs/performance.md).
#
#   usage: aot-training.sh CACHE     (in the application directory, as an unprivileged user;
#                                     needs PostgreSQL's server binaries, curl, and java on the PATH)
# The database and its random password exist only during this run; nothing of them is left behind.
set -eu

cache=$1
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d)
pg_port=5433
http_port=8081
trap '"$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "aot-training: a throwaway PostgreSQL ($pgbin) on 127.0.0.1:$pg_port"
password=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" > "$work/password"
"$pgbin/initdb" -D "$work/data" -U training --pwfile="$work/password" --auth=scram-sha-256 --no-instructions >/dev/null
"$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c fsync=off" start >/dev/null

# One role for both of the service's (docs/production.md, "Database roles"): the cache records the classes the
# service loads, not who it logs in as, and this database lives only as long as this run. That role is the
# throwaway server's superuser, which production refuses (org.acme.database.LeastPrivilege): here it is warned of.
export POSTGRES_HOSTNAME=127.0.0.1 POSTGRES_PORT=$pg_port APPLICATION_DB=postgres
echo "aot-training: the migration step (the profile migrate), as production runs it first"
if ! QUARKUS_PROFILE=migrate APPLICATION_OWNER=training APPLICATION_OWNER_PASSWORD=$password \
    java ${JVM_FLAGS:-} -jar quarkus-run.jar > "$work/migrate.log" 2>&1; then
    echo "aot-training: the migration step failed; its log ends with:" >&2
    tail -n 20 "$work/migrate.log" >&2
    exit 1
fi

echo "aot-training: the service, recording the AOT cache into $cache"
DATABASE_LEAST_PRIVILEGE=warn APPLICATION_USER=training APPLICATION_USER_PASSWORD=$password \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$http_port QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    java ${JVM_FLAGS:-} -XX:AOTCacheOutput="$cache" -jar quarkus-run.jar > "$work/service.log" 2>&1 &
service=$!
base=http://127.0.0.1:$http_port
tries=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 200 ]; do
    tries=$((tries + 1))
    if [ $tries -gt 1200 ] || ! kill -0 $service 2>/dev/null; then
        echo "aot-training: the service did not start; its log ends with:" >&2
        tail -n 20 "$work/service.log" >&2
        exit 1
    fi
    sleep 0.1
done

echo "aot-training: 300 requests (the users get ids 1 to 100 in the new database)"
i=0
while [ $i -lt 100 ]; do
    curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"email\":\"training-$i@example.com\"}" "$base/users"
    curl -s -o /dev/null "$base/users/$((i + 1))"
    curl -s -o /dev/null "$base/users?page=$i&size=20"
    i=$((i + 1))
done

echo "aot-training: stopping the service; the JVM writes the cache as it exits"
kill -TERM $service
wait $service || true
if [ ! -s "$cache" ]; then
    echo "aot-training: no cache was written; the service's log ends with:" >&2
    tail -n 20 "$work/service.log" >&2
    exit 1
fi
echo "aot-training: $(du -h "$cache" | cut -f1) written to $cache"
