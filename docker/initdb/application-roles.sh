#!/bin/sh
# The service's two database roles (docs/production.md, "Database roles"), created when the postgres image
# initialises an empty data directory (it runs /docker-entrypoint-initdb.d/ once, as POSTGRES_USER): the owner
# (APPLICATION_OWNER) owns APPLICATION_DB and its schema and runs the migrations; the service's role
# (APPLICATION_USER) reads and writes the tables the owner creates, nothing else. The same statements as
# org.acme.database.ApplicationRoles (scripts/manage create-initial-db, the tests, the CLI's throwaway servers):
# keep the two in step. On a data directory initialised before, run `scripts/manage create-initial-db` instead.
set -eu
psql -v ON_ERROR_STOP=1 -q -U "${POSTGRES_USER:-postgres}" -d postgres \
    -v owner="${APPLICATION_OWNER:?set APPLICATION_OWNER}" \
    -v owner_password="${APPLICATION_OWNER_PASSWORD:?set APPLICATION_OWNER_PASSWORD}" \
    -v service="${APPLICATION_USER:?set APPLICATION_USER}" \
    -v service_password="${APPLICATION_USER_PASSWORD:?set APPLICATION_USER_PASSWORD}" \
    -v db="${APPLICATION_DB:?set APPLICATION_DB}" <<'SQL'
SELECT format('CREATE ROLE %I', :'owner') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I', :'service') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'service') \gexec
ALTER ROLE :"owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE :"service" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'service_password';
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
