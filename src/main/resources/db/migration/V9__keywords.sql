-- Keywords and a one-line summary per paper, from two sources: Hugging Face's (ai_keywords, ai_summary, written by
-- their language model and kept as imported) and Paperboy's own (extracted on the CPU; see keywords.KeyPhrases).
-- Pages show Hugging Face's where they exist and say when a value is Paperboy's.
-- Portable SQL: the same statements run on SQLite and PostgreSQL.
CREATE TABLE paper_notes (
    paper_id    TEXT NOT NULL REFERENCES papers (id),
    source      TEXT NOT NULL,                   -- paperboy | huggingface
    keywords    TEXT,                            -- JSON array, best first; null when the source has none
    summary     TEXT,                            -- one sentence; null when the source has none
    method      TEXT NOT NULL,                   -- what computed it (a new version of ours recomputes older rows)
    computed_at TEXT NOT NULL,
    PRIMARY KEY (paper_id, source)
);

-- Hugging Face's keywords imported before this table existed.
INSERT INTO paper_notes (paper_id, source, keywords, summary, method, computed_at)
    SELECT id, 'huggingface', ai_keywords, NULL, 'huggingface', imported_at FROM papers WHERE ai_keywords IS NOT NULL;

-- A member's digest may carry their "for you" list (recommend.Recommendations): off, instead of the period's top
-- papers, or beside them. Papers of followed authors and categories always get a section of their own.
ALTER TABLE subscriptions ADD COLUMN for_you TEXT NOT NULL DEFAULT 'off';
