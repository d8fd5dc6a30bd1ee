-- pgbench: the database's limit for POST /users: one row with a unique email, its id returned.
INSERT INTO users (email) VALUES ('pgbench-' || :client_id || '-' || gen_random_uuid() || '@example.com') RETURNING id;
