-- Writes that carried a request_id (REST: Idempotency-Key), stored in the same
-- transaction as the write so a replay returns the first response.
CREATE TABLE idempotency_keys (
    method       TEXT    NOT NULL,
    request_id   TEXT    NOT NULL,
    principal    TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    response     BLOB    NOT NULL,
    create_time  BIGINT  NOT NULL,
    PRIMARY KEY (principal, method, request_id)
);
