-- For you: what members asked not to see, whom and what they follow, and their precomputed recommendations.
-- Portable SQL: the same statements run on SQLite and PostgreSQL.
CREATE TABLE not_interested (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    paper_id   TEXT NOT NULL REFERENCES papers (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);

-- An author (as arXiv writes the name; matched on last name and first initial, accents folded) or a category.
CREATE TABLE follows (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,                    -- author | category
    value      TEXT NOT NULL,                    -- the name as written, or the category
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, value)
);

-- The ranked list computed in the background; a page only reads it.
CREATE TABLE recommendations (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    paper_id   TEXT NOT NULL REFERENCES papers (id),
    position   INTEGER NOT NULL,
    score      REAL NOT NULL,
    why        TEXT NOT NULL,                    -- JSON: the member's closest papers and the shared terms
    PRIMARY KEY (user_id, paper_id)
);
CREATE INDEX recommendations_user ON recommendations (user_id, position);

-- When each member's list was computed and from what (a fingerprint of their votes, library, comments, follows and
-- "not interested"): a different fingerprint means the list is recomputed.
CREATE TABLE recommendation_runs (
    user_id     TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    computed_at TEXT NOT NULL
);
