-- A key belongs to the client that sent it: the same key from two clients is two keys. client_scope is the
-- authenticated principal's name, and '' without authentication.
ALTER TABLE idempotency_keys ADD COLUMN client_scope varchar(255) NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ALTER COLUMN client_scope DROP DEFAULT;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (client_scope, idempotency_key);
