-- Contests at each level; entries go up to the parent contest (one level up, same year).
CREATE TABLE contests (
    id                TEXT    NOT NULL PRIMARY KEY,
    name              TEXT    NOT NULL,
    year              INTEGER NOT NULL,
    level             TEXT    NOT NULL,             -- WARD, DISTRICT, CITY, CENTRAL
    level_rank        INTEGER NOT NULL,             -- 1..4, for ordering and the parent rule
    parent_contest_id TEXT    NULL REFERENCES contests (id),
    organiser         TEXT    NOT NULL,
    opens_on          TEXT    NOT NULL,             -- yyyy-MM-dd, a day in Asia/Ho_Chi_Minh
    closes_on         TEXT    NOT NULL,
    max_words         INTEGER NOT NULL,             -- 0 = no limit
    status            TEXT    NOT NULL,             -- OPEN, JUDGING, CLOSED
    version           INTEGER NOT NULL,
    create_time       BIGINT  NOT NULL,
    update_time       BIGINT  NOT NULL
);

CREATE INDEX contests_by_year_level ON contests (year DESC, level_rank, id);
CREATE INDEX contests_by_parent ON contests (parent_contest_id);

-- Entries (bài dự thi). Authors are a JSON array [{fullName, unit, phone}] read and
-- written whole; the columns derived from them (folded primary author, sort key,
-- search text) are what SQL looks at.
CREATE TABLE entries (
    id                      TEXT    NOT NULL PRIMARY KEY,
    contest_id              TEXT    NOT NULL REFERENCES contests (id),
    title                   TEXT    NOT NULL,
    genre                   TEXT    NOT NULL,
    body                    TEXT    NOT NULL,
    word_count              INTEGER NOT NULL,
    authors                 TEXT    NOT NULL,
    subject_kind            TEXT    NOT NULL,      -- INDIVIDUAL, COLLECTIVE, MODEL
    subject_name            TEXT    NOT NULL,      -- for MODEL: the model's name when submitted
    subject_dvk_model_id    TEXT    NULL,
    status                  TEXT    NOT NULL,
    score                   REAL    NULL,          -- mean of entry_scores
    prize                   TEXT    NULL,
    forwarded_to_contest_id TEXT    NULL REFERENCES contests (id),
    forwarded_entry_id      TEXT    NULL REFERENCES entries (id),
    origin_contest_id       TEXT    NULL REFERENCES contests (id),
    origin_entry_id         TEXT    NULL REFERENCES entries (id),
    -- Duplicate rule: the same title by the same primary author once per contest.
    title_folded            TEXT    NOT NULL,
    primary_author_folded   TEXT    NOT NULL,
    -- vi-VN collation bytes of the primary author, given name first.
    primary_author_sort_key BLOB    NOT NULL,
    -- Folded title, author names, subject name and body, for accent-insensitive search.
    search_folded           TEXT    NOT NULL,
    version                 INTEGER NOT NULL,
    submit_time             BIGINT  NOT NULL,
    update_time             BIGINT  NOT NULL
);

-- The index is the rule: two concurrent submits cannot both pass.
CREATE UNIQUE INDEX entries_unique_title_author ON entries (contest_id, title_folded, primary_author_folded);
-- An entry is forwarded at most once: one copy per origin.
CREATE UNIQUE INDEX entries_unique_origin ON entries (origin_entry_id);
CREATE INDEX entries_by_submit ON entries (contest_id, submit_time, id);
CREATE INDEX entries_by_status ON entries (contest_id, status);
CREATE INDEX entries_by_author ON entries (contest_id, primary_author_sort_key, id);
CREATE INDEX entries_by_update ON entries (update_time, id);
CREATE INDEX entries_by_contest_update ON entries (contest_id, update_time, id);

-- One score per judge per entry; a second score by the same judge replaces the first.
CREATE TABLE entry_scores (
    entry_id    TEXT   NOT NULL REFERENCES entries (id),
    judge_key   TEXT   NOT NULL,                   -- folded, trimmed judge name
    judge       TEXT   NOT NULL,
    score       REAL   NOT NULL,
    update_time BIGINT NOT NULL,
    PRIMARY KEY (entry_id, judge_key)
);
