-- 10,000 users, user00001@example.com to user10000@example.com, ids 1 to 10000 in that order.
INSERT INTO users (email)
SELECT 'user' || lpad(n::text, 5, '0') || '@example.com'
FROM generate_series(1, 10000) AS n
ORDER BY n;
