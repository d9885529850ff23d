-- "Dân vận khéo" models. Enum values are stored by their proto names (REGISTERED, ECONOMY)
-- so the SQL reads like the contract and statistics group by the wire names directly.
-- *_folded columns are the accent-folded search copies (VietnameseText.Fold);
-- name_sort_key is VietnameseText.SortKey(name): its byte order is vi-VN collation order.
CREATE TABLE dvk_models (
    id                TEXT    NOT NULL PRIMARY KEY,
    code              TEXT    NOT NULL UNIQUE,
    kind              TEXT    NOT NULL CHECK (kind IN ('MODEL', 'EXEMPLAR_COLLECTIVE', 'EXEMPLAR_INDIVIDUAL')),
    name              TEXT    NOT NULL,
    name_sort_key     BLOB    NOT NULL,
    name_folded       TEXT    NOT NULL,
    owner_unit        TEXT    NOT NULL,
    owner_unit_folded TEXT    NOT NULL,
    field             TEXT    NOT NULL CHECK (field IN ('ECONOMY', 'CULTURE_SOCIETY', 'DEFENCE_SECURITY', 'PARTY_POLITICAL_SYSTEM')),
    topics            TEXT    NOT NULL DEFAULT '[]',
    description       TEXT    NOT NULL DEFAULT '',
    objectives        TEXT    NOT NULL DEFAULT '',
    methods           TEXT    NOT NULL DEFAULT '',
    results           TEXT    NOT NULL DEFAULT '',
    beneficiaries     TEXT    NOT NULL DEFAULT '',
    text_folded       TEXT    NOT NULL DEFAULT '',
    start_date        TEXT    NULL,
    year              INTEGER NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('REGISTERED', 'IMPLEMENTING', 'UNDER_REVIEW', 'RECOGNISED', 'SUSPENDED', 'CLOSED')),
    version           INTEGER NOT NULL,
    create_time       BIGINT  NOT NULL,
    update_time       BIGINT  NOT NULL,
    delete_time       BIGINT  NULL
);

CREATE INDEX dvk_models_by_update ON dvk_models (update_time, id);
CREATE INDEX dvk_models_by_name ON dvk_models (name_sort_key, id);
CREATE INDEX dvk_models_by_year ON dvk_models (year, status);
CREATE INDEX dvk_models_by_owner ON dvk_models (owner_unit_folded);

-- Recognitions are append-only: the triggers below refuse UPDATE and DELETE.
CREATE TABLE dvk_recognitions (
    id              TEXT    NOT NULL PRIMARY KEY,
    model_id        TEXT    NOT NULL REFERENCES dvk_models (id),
    level           TEXT    NOT NULL CHECK (level IN ('WARD', 'DISTRICT', 'CITY', 'CENTRAL')),
    kind            TEXT    NOT NULL CHECK (kind IN ('RECOGNITION', 'COMMENDATION', 'AWARD')),
    year            INTEGER NOT NULL,
    decision_number TEXT    NOT NULL,
    decision_date   TEXT    NOT NULL,
    issuer          TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    create_time     BIGINT  NOT NULL
);

CREATE INDEX dvk_recognitions_by_model ON dvk_recognitions (model_id, create_time, id);
CREATE INDEX dvk_recognitions_by_year ON dvk_recognitions (year, level, model_id);

CREATE TRIGGER dvk_recognitions_no_update BEFORE UPDATE ON dvk_recognitions
BEGIN
    SELECT RAISE(ABORT, 'dvk_recognitions is append-only');
END;

CREATE TRIGGER dvk_recognitions_no_delete BEFORE DELETE ON dvk_recognitions
BEGIN
    SELECT RAISE(ABORT, 'dvk_recognitions is append-only');
END;

-- Full-text search over the folded copies. The text is folded before it gets here
-- (đ→d included, which unicode61 cannot do), so the tokenizer must not fold again.
-- A plain FTS5 table keyed by model_id rather than external content: dvk_models has a
-- TEXT key, and its implicit rowid may change on VACUUM.
CREATE VIRTUAL TABLE dvk_models_fts USING fts5(
    model_id UNINDEXED,
    name,
    owner_unit,
    body,
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER dvk_models_fts_insert AFTER INSERT ON dvk_models
BEGIN
    INSERT INTO dvk_models_fts (model_id, name, owner_unit, body)
    VALUES (new.id, new.name_folded, new.owner_unit_folded, new.text_folded);
END;

CREATE TRIGGER dvk_models_fts_update AFTER UPDATE OF name_folded, owner_unit_folded, text_folded ON dvk_models
BEGIN
    DELETE FROM dvk_models_fts WHERE model_id = old.id;
    INSERT INTO dvk_models_fts (model_id, name, owner_unit, body)
    VALUES (new.id, new.name_folded, new.owner_unit_folded, new.text_folded);
END;
