-- The catalogue. Portable SQL: the same statements run on SQLite and PostgreSQL.
CREATE TABLE papers (
    id               TEXT PRIMARY KEY,          -- arXiv id without version
    title            TEXT NOT NULL,
    abstract         TEXT NOT NULL,
    authors          TEXT NOT NULL,             -- JSON array of names, in order
    categories       TEXT NOT NULL,             -- space-separated, primary first
    primary_category TEXT,
    published        TEXT,                      -- first version date, YYYY-MM-DD
    updated          TEXT,                      -- latest version date, YYYY-MM-DD
    version_count    INTEGER NOT NULL,
    comments         TEXT,
    journal_ref      TEXT,
    doi              TEXT,
    report_no        TEXT,
    license          TEXT,
    code_links       TEXT,                      -- JSON array of URLs found in abstract and comments
    github_repo      TEXT,
    project_page     TEXT,
    ai_keywords      TEXT,                      -- JSON array, from Hugging Face dumps
    content_hash     INTEGER NOT NULL,          -- of the metadata above, so an identical re-import writes nothing
    imported_upvotes INTEGER NOT NULL DEFAULT 0, -- upvotes counted elsewhere (a Hugging Face dump); only ever rises
    local_upvotes    INTEGER NOT NULL DEFAULT 0, -- upvotes cast here
    num_comments     INTEGER NOT NULL DEFAULT 0,
    imported_at      TEXT NOT NULL
);
CREATE INDEX papers_published ON papers (published);

-- A paper's place in the daily feed: at most one, never moved by a re-import.
CREATE TABLE feed_entries (
    paper_id   TEXT PRIMARY KEY REFERENCES papers (id),
    day        TEXT NOT NULL,                   -- YYYY-MM-DD
    entered_at TEXT NOT NULL,                   -- ISO-8601 instant
    source     TEXT NOT NULL,                   -- hf | arxiv | submission | demo
    submitter  TEXT
);
CREATE INDEX feed_entries_day ON feed_entries (day);

-- Where an interrupted import stopped, so a re-run resumes instead of starting over.
CREATE TABLE import_checkpoints (
    source     TEXT PRIMARY KEY,                -- file identity: absolute path, size and mtime
    line       INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
