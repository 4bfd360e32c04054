-- arXiv harvesting. Portable SQL: the same statements run on SQLite and PostgreSQL.

-- Where each OAI-PMH stream (base URL, set, metadata format) stands. Written in the same transaction as each page.
CREATE TABLE harvest_state (
    stream           TEXT PRIMARY KEY,          -- base URL | set | format
    watermark        TEXT,                      -- responseDate of the last complete harvest: the next run's from
    window_from      TEXT,                      -- from of the harvest in progress (YYYY-MM-DD, or * for all), else null
    resumption_token TEXT,                      -- next page of the harvest in progress, or null
    window_started   TEXT,                      -- responseDate of its first page, the watermark once it completes
    updated_at       TEXT NOT NULL
);

-- One row per harvest run, for logs and the status page.
CREATE TABLE harvest_runs (
    id           TEXT PRIMARY KEY,
    stream       TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    outcome      TEXT NOT NULL,                 -- running | ok | failed
    requests     INTEGER NOT NULL DEFAULT 0,
    retries      INTEGER NOT NULL DEFAULT 0,
    records_read INTEGER NOT NULL DEFAULT 0,
    inserted     INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    deleted      INTEGER NOT NULL DEFAULT 0,
    skipped      INTEGER NOT NULL DEFAULT 0,
    watermark    TEXT,
    message      TEXT
);
CREATE INDEX harvest_runs_started ON harvest_runs (started_at);

-- Jobs that must run once at a time across processes (the server's schedule and a CLI run on the same data).
CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,                   -- host/pid/random
    expires_at TEXT NOT NULL
);

-- When we last sent a request to an upstream host, so that every process keeps its rate limit.
CREATE TABLE upstream_pacing (
    host            TEXT PRIMARY KEY,
    last_request_at TEXT NOT NULL
);

-- Papers the arXiv repository reports as deleted. The paper stays (votes, comments and links to it stay valid),
-- leaves the automatic feed, and the mark goes away if arXiv serves the record again.
CREATE TABLE paper_deletions (
    paper_id    TEXT PRIMARY KEY,
    datestamp   TEXT,
    recorded_at TEXT NOT NULL
);
