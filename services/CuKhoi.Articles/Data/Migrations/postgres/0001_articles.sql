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

-- ids compare bytewise (COLLATE "C") so keyset cursors do not depend on the server locale.
CREATE TABLE articles (
    id             TEXT COLLATE "C" PRIMARY KEY,
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
    body_folded    TEXT    NOT NULL,
    -- The text is folded before it gets here, so the 'simple' config (no stemming, no
    -- stop words) indexes exactly the folded syllables. Title weighs most in ts_rank.
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_folded), 'A')
        || setweight(to_tsvector('simple', summary_folded), 'B')
        || setweight(to_tsvector('simple', body_folded), 'D')
    ) STORED
);

-- One index per allow-listed order, plus the export order, the filters and search.
CREATE INDEX articles_by_time ON articles (COALESCE(publish_time, create_time) DESC, id DESC);
CREATE INDEX articles_by_views ON articles (view_count DESC, id DESC);
CREATE INDEX articles_by_update ON articles (update_time, id);
CREATE INDEX articles_by_category ON articles (category, status);
CREATE INDEX articles_by_publish ON articles (publish_time);
CREATE INDEX articles_search ON articles USING GIN (search);

CREATE TABLE article_tags (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (article_id, tag)
);

CREATE INDEX article_tags_by_tag ON article_tags (tag, article_id);
