-- Search: the embedding of each paper, and the outbox of papers whose search document must be (re)built.
CREATE TABLE embeddings (
    paper_id    TEXT PRIMARY KEY REFERENCES papers (id),
    model       TEXT NOT NULL,
    vector      BLOB NOT NULL,                  -- float32 little-endian, L2-normalised
    created_at  TEXT NOT NULL
);

-- Every write to a paper bumps its row here in the same transaction; the server's indexer drains it. A row is
-- deleted only if its seq is still the one the indexer read, so a write during indexing is never lost.
CREATE TABLE search_queue (
    paper_id TEXT PRIMARY KEY,
    seq      INTEGER NOT NULL
);
INSERT INTO search_queue (paper_id, seq) SELECT id, 1 FROM papers;
