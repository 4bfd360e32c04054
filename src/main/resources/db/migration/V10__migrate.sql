-- `paperboy migrate`: which SQLite instance this database is a copy of, and how far the copy of each table got.
-- Written in the same transaction as each batch it describes, so an interrupted copy resumes where it stopped,
-- and a database that holds rows from anywhere else is refused.
CREATE TABLE migrated_from (
    source      TEXT NOT NULL,                  -- the SQLite file copied (absolute path)
    table_name  TEXT NOT NULL,                  -- a table, or * for the copy as a whole
    last_key    TEXT,                           -- JSON: the key of the last row copied, null before the first
    copied      BIGINT NOT NULL DEFAULT 0,      -- rows copied so far
    started_at  TEXT NOT NULL,
    finished_at TEXT,                           -- when the table (or, for *, the verified copy) was complete
    PRIMARY KEY (source, table_name)
);
