-- The Idempotency-Key of a create, and the answer it got. The primary key decides which of two requests with one
-- key goes ahead: the second waits on the first's uncommitted row, then finds its answer. The key and its answer
-- are written in the transaction that creates the user, so no committed key lacks its answer.
CREATE TABLE idempotency_keys (
    idempotency_key     varchar(255) PRIMARY KEY,
    -- SHA-256 (hex) of the request as the service understood it: the same key with another request is refused
    request_fingerprint varchar(64)  NOT NULL,
    created_at          timestamptz  NOT NULL,
    expires_at          timestamptz  NOT NULL,
    -- the answer, null only inside the transaction that claimed the key
    response_status     integer,
    response_location   varchar(2048),
    response_body       text
);

-- The periodic purge deletes expired keys by this column.
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
