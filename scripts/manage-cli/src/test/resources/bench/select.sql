-- pgbench: the database's limit for GET /users/{id}: one row by primary key (-D min_id=... -D max_id=...).
\set id random(:min_id, :max_id)
SELECT id, email FROM users WHERE id = :id;
