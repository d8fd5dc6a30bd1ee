-- Two users, ids 1 and 2 (identities restart at 1 when a scenario loads).
INSERT INTO users (email) VALUES ('ann@example.com');
INSERT INTO users (email) VALUES ('bob@example.com');
