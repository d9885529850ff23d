-- Categories are reference data: created and filled here, counted live.
CREATE TABLE categories (
    slug     TEXT    PRIMARY KEY,
    name     TEXT    NOT NULL,
    position INTEGER NOT NULL
);

INSERT INTO categories (slug, name, position) VALUES
    ('tin-tuc', 'Tin tức', 1),
    ('dan-van', 'Dân vận', 2),
    ('kiem-tra-giam-sat', 'Kiểm tra giám sát', 3),
    ('thong-bao', 'Thông báo', 4);

-- rid is the stable rowid the FTS index points at (a bare rowid may change on VACUUM).
CREATE TABLE articles (
    rid            INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    slug           TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL,
    summary        TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    body_text      TEXT    NOT NULL,
    category       TEXT    NOT NULL REFERENCES categories (slug),
    author         TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    publish_time   BIGINT,
    create_time    BIGINT  NOT NULL,
    update_time    BIGINT  NOT NULL,
    view_count     BIGINT  NOT NULL DEFAULT 0,
    version        BIGINT  NOT NULL,
    title_folded   TEXT    NOT NULL,
    summary_folded TEXT    NOT NULL,
    body_folded    TEXT    NOT NULL
);

-- One index per allow-listed order, plus the export order and the filters.
CREATE INDEX articles_by_time ON articles (COALESCE(publish_time, create_time) DESC, id DESC);
CREATE INDEX articles_by_views ON articles (view_count DESC, id DESC);
CREATE INDEX articles_by_update ON articles (update_time, id);
CREATE INDEX articles_by_category ON articles (category, status);
CREATE INDEX articles_by_publish ON articles (publish_time);

CREATE TABLE article_tags (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (article_id, tag)
);

CREATE INDEX article_tags_by_tag ON article_tags (tag, article_id);

-- Search over the folded copies. The text is folded before it gets here (đ → d, marks
-- dropped), so the tokenizer must not fold again: remove_diacritics 0.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title_folded,
    summary_folded,
    body_folded,
    content = 'articles',
    content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Triggers keep the index in the same transaction as every write, the seeder's included.
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title_folded, summary_folded, body_folded)
    VALUES (new.rid, new.title_folded, new.summary_folded, new.body_folded);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title_folded, summary_folded, body_folded)
    VALUES ('delete', old.rid, old.title_folded, old.summary_folded, old.body_folded);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title_folded, summary_folded, body_folded ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title_folded, summary_folded, body_folded)
    VALUES ('delete', old.rid, old.title_folded, old.summary_folded, old.body_folded);
    INSERT INTO articles_fts (rowid, title_folded, summary_folded, body_folded)
    VALUES (new.rid, new.title_folded, new.summary_folded, new.body_folded);
END;
