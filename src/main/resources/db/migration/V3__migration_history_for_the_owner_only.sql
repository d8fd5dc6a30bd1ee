-- The service's role reads and writes the tables through the owner's default privileges (docs/production.md,
-- "Database roles"); they cover the table of Flyway's history too when Flyway, as the owner, creates it. The
-- history stays the owner's alone: whatever any other role was granted on it is taken back.
DO $$
DECLARE
    grantee_name text;
BEGIN
    FOR grantee_name IN
        SELECT DISTINCT acl.grantee::regrole::text
        FROM pg_class AS history, aclexplode(history.relacl) AS acl
        WHERE history.oid = '${flyway:table}'::regclass
          AND acl.grantee <> history.relowner AND acl.grantee <> 0
    LOOP
        EXECUTE format('REVOKE ALL ON TABLE %s FROM %s', '${flyway:table}'::regclass,
                       grantee_name);
    END LOOP;
END $$;
