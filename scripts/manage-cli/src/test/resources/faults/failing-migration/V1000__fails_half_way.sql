-- A migration of the fault suite (scripts/manage faults failed-migration), never shipped with the service.
-- It changes the schema and the data, then fails half-way: PostgreSQL runs DDL inside the migration's
-- transaction, so none of it may remain, and Flyway's history must not record it.
ALTER TABLE users ADD COLUMN display_name varchar(100);
UPDATE users SET display_name = split_part(email, '@', 1);
CREATE INDEX users_display_name_idx ON users (display_name);
CREATE TABLE user_audit (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id));
-- Fails on the rows that exist: every email is longer than this.
ALTER TABLE users ADD CONSTRAINT users_email_short CHECK (length(email) < 5);
