-- pgbench: the database's own cost of GET /users?page=N&size=20: one page by offset, and the total count.
\set offset random(0, :pages - 1) * 20
SELECT id, email FROM users ORDER BY id OFFSET :offset LIMIT 20;
SELECT count(*) FROM users;
