-- "Dân vận khéo" models. Enum values are stored by their proto names (REGISTERED, ECONOMY)
-- so the SQL reads like the contract and statistics group by the wire names directly.
-- *_folded columns are the accent-folded search copies (VietnameseText.Fold);
-- name_sort_key is VietnameseText.SortKey(name): its byte order is vi-VN collation order.
CREATE TABLE dvk_models (
    id                TEXT    NOT NULL PRIMARY KEY,
    code              TEXT    NOT NULL UNIQUE,
    kind              TEXT    NOT NULL CHECK (kind IN ('MODEL', 'EXEMPLAR_COLLECTIVE', 'EXEMPLAR_INDIVIDUAL')),
    name              TEXT    NOT NULL,
    name_sort_key     bytea   NOT NULL,
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
    delete_time       BIGINT  NULL,
    -- The folded text is already accent-free; 'simple' only splits and lower-cases.
    -- Weights rank a hit in the name above one in the owner unit or the body.
    search_vector     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name_folded), 'A') ||
        setweight(to_tsvector('simple', owner_unit_folded), 'B') ||
        setweight(to_tsvector('simple', text_folded), 'C')
    ) STORED
);

CREATE INDEX dvk_models_by_update ON dvk_models (update_time, id);
CREATE INDEX dvk_models_by_name ON dvk_models (name_sort_key, id);
CREATE INDEX dvk_models_by_year ON dvk_models (year, status);
CREATE INDEX dvk_models_by_owner ON dvk_models (owner_unit_folded);
CREATE INDEX dvk_models_search ON dvk_models USING GIN (search_vector);

-- Recognitions are append-only: the trigger below refuses UPDATE and DELETE.
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

CREATE FUNCTION dvk_recognitions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dvk_recognitions is append-only';
END;
$$;

CREATE TRIGGER dvk_recognitions_append_only BEFORE UPDATE OR DELETE ON dvk_recognitions
FOR EACH ROW EXECUTE FUNCTION dvk_recognitions_append_only();
