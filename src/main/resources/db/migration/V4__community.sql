-- The community: members, their sessions and tokens, and what they do with papers.
-- Ids are random text (not sequences) so the same statements run on SQLite and PostgreSQL.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,          -- lower-cased
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,                 -- Argon2id, PHC string
    role          TEXT NOT NULL,                 -- member | curator | admin
    verified_at   TEXT,                          -- when the address was confirmed, or null
    created_at    TEXT NOT NULL
);

-- Only hashes of secrets are stored: a copy of the database does not let anyone sign in.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,                 -- SHA-256 of the cookie value
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,           -- SHA-256 of the token
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Links sent by mail (verify an address, reset a password): single use, expiring.
CREATE TABLE mail_tokens (
    id         TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL,                    -- verify | reset
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

CREATE TABLE votes (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    paper_id   TEXT NOT NULL REFERENCES papers (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);
CREATE INDEX votes_paper ON votes (paper_id);

-- A vote changes one number of a paper: the indexer updates that number in place, without re-indexing the paper
-- (and its vector). Same protocol as search_queue.
CREATE TABLE upvote_queue (
    paper_id TEXT PRIMARY KEY,
    seq      INTEGER NOT NULL
);

CREATE TABLE library (
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    paper_id TEXT NOT NULL REFERENCES papers (id),
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);

-- One level of replies: a reply's parent is always a top-level comment.
CREATE TABLE comments (
    id         TEXT PRIMARY KEY,
    paper_id   TEXT NOT NULL REFERENCES papers (id),
    user_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    parent_id  TEXT REFERENCES comments (id),
    body       TEXT NOT NULL,                    -- Markdown as written
    created_at TEXT NOT NULL,
    edited_at  TEXT,
    deleted_at TEXT,                             -- by its author: the text is gone, the thread stays
    hidden_at  TEXT,                             -- by a curator: still shown to curators
    hidden_by  TEXT
);
CREATE INDEX comments_paper ON comments (paper_id, created_at);

CREATE TABLE submissions (
    paper_id     TEXT PRIMARY KEY REFERENCES papers (id),
    user_id      TEXT REFERENCES users (id) ON DELETE SET NULL,
    comment      TEXT,
    submitted_at TEXT NOT NULL
);
CREATE INDEX submissions_user ON submissions (user_id, submitted_at);
