#!/bin/sh
# The service's two database roles (docs/production.md, "Database roles"), created when the postgres image
# initialises an empty data directory (it runs /docker-entrypoint-initdb.d/ once, as POSTGRES_USER): the owner
# (APPLICATION_OWNER) owns APPLICATION_DB and its schema and runs the migrations; the service's role
# (APPLICATION_USER) reads and writes the tables the owner creates, nothing else. The same statements as
# org.acme.database.ApplicationRoles (scripts/manage create-initial-db, the tests, the CLI's throwaway servers):
# keep the two in step. On a data directory initialised before, run `scripts/manage create-initial-db` instead.
#
# No password is on a command line (ps shows those) or in SQL text (the server logs that under log_statement,
# and a failed statement under log_min_error_statement): psql takes every value from the environment (\getenv),
# and each password reaches the server as a SCRAM-SHA-256 verifier computed here (as pgjdbc's alterUserPassword
# does for the Java tooling), from which it cannot be read back.
set -eu
: "${APPLICATION_OWNER:?set APPLICATION_OWNER}" "${APPLICATION_USER:?set APPLICATION_USER}"
: "${APPLICATION_DB:?set APPLICATION_DB}"
: "${APPLICATION_OWNER_PASSWORD:?set APPLICATION_OWNER_PASSWORD}" "${APPLICATION_USER_PASSWORD:?set APPLICATION_USER_PASSWORD}"

# scram_verifier NAME: the SCRAM-SHA-256 verifier (RFC 5802, RFC 7677; PostgreSQL's format and its 4096 iterations
# and 16 bytes of salt) of the password in the environment variable NAME. The name, not the value, is the argument.
# SASLprep is the identity for printable ASCII, which is all this accepts.
scram_verifier() {
    perl -MDigest::SHA=hmac_sha256,sha256 -MMIME::Base64=encode_base64 -e '
        my $name = $ARGV[0];
        my $password = $ENV{$name};
        $password =~ /\A[\x20-\x7e]+\z/
            or die "application-roles.sh: $name must be printable ASCII (SCRAM is computed here without SASLprep)\n";
        open(my $random, "<:raw", "/dev/urandom") or die "application-roles.sh: /dev/urandom: $!\n";
        read($random, my $salt, 16) == 16 or die "application-roles.sh: /dev/urandom gave too few bytes\n";
        my $iterations = 4096;
        my $u = hmac_sha256($salt . pack("N", 1), $password);
        my $salted = $u;
        for (2 .. $iterations) { $u = hmac_sha256($u, $password); $salted ^= $u; }
        my $stored = sha256(hmac_sha256("Client Key", $salted));
        my $server = hmac_sha256("Server Key", $salted);
        my $b64 = sub { encode_base64($_[0], "") };
        print "SCRAM-SHA-256\$$iterations:", $b64->($salt), "\$", $b64->($stored), ":", $b64->($server);
    ' "$1"
}
APPLICATION_OWNER_VERIFIER=$(scram_verifier APPLICATION_OWNER_PASSWORD)
APPLICATION_USER_VERIFIER=$(scram_verifier APPLICATION_USER_PASSWORD)
export APPLICATION_OWNER_VERIFIER APPLICATION_USER_VERIFIER

psql -v ON_ERROR_STOP=1 -q -U "${POSTGRES_USER:-postgres}" -d postgres <<'SQL'
\getenv owner APPLICATION_OWNER
\getenv owner_verifier APPLICATION_OWNER_VERIFIER
\getenv service APPLICATION_USER
\getenv service_verifier APPLICATION_USER_VERIFIER
\getenv db APPLICATION_DB
SELECT format('CREATE ROLE %I', :'owner') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I', :'service') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'service') \gexec
ALTER ROLE :"owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_verifier';
ALTER ROLE :"service" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'service_verifier';
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
\connect :"db"
ALTER DATABASE :"db" OWNER TO :"owner";
REASSIGN OWNED BY :"service" TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"service";
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"service";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"service";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"service";
SQL
echo "application-roles.sh: roles $APPLICATION_OWNER (owner of $APPLICATION_DB) and $APPLICATION_USER (the service's) are set up"
