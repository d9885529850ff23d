-- API keys: only the SHA-256 of each key is stored; a revoked key keeps its row.
CREATE TABLE api_keys (
    id          TEXT   NOT NULL PRIMARY KEY,
    name        TEXT   NOT NULL,
    key_hash    TEXT   NOT NULL UNIQUE,
    scopes      TEXT   NOT NULL,
    create_time BIGINT NOT NULL,
    revoke_time BIGINT
);

-- Every write through the gateway: who, what, which resource, when, outcome.
CREATE TABLE audit_entries (
    id             TEXT    NOT NULL PRIMARY KEY,
    record_time    BIGINT  NOT NULL,
    principal_id   TEXT    NOT NULL,
    principal_name TEXT    NOT NULL,
    protocol       TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    resource       TEXT    NOT NULL,
    status         INTEGER NOT NULL
);

CREATE INDEX audit_entries_by_time ON audit_entries (record_time, id);
