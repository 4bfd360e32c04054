-- Digests: who asked for which papers by mail, and a ledger that makes each (subscription, period) go out once.
-- Ids are random text and times ISO-8601 text, so the same statements run on SQLite and PostgreSQL.
CREATE TABLE subscriptions (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL,               -- lower-cased
    frequency       TEXT NOT NULL,               -- daily | weekly
    categories      TEXT NOT NULL,               -- space-separated arXiv categories; empty for all
    query           TEXT,                        -- a saved search in the search box's syntax, or null
    user_id         TEXT REFERENCES users (id) ON DELETE CASCADE,   -- a member's own subscription, or null
    include_similar INTEGER NOT NULL DEFAULT 0,  -- members: add papers like those in their library
    status          TEXT NOT NULL,               -- pending | active | unsubscribed | bounced
    created_at      TEXT NOT NULL,
    confirmed_at    TEXT,
    ended_at        TEXT,                        -- when it was unsubscribed or bounced
    bounce_reason   TEXT
);
CREATE INDEX subscriptions_due ON subscriptions (status, frequency);
CREATE INDEX subscriptions_email ON subscriptions (email);
CREATE INDEX subscriptions_user ON subscriptions (user_id);

-- One row per (subscription, period), e.g. daily:2026-11-27 or weekly:2026-W48. A sender claims the row before it
-- composes and marks it sent before the mail's last byte leaves; a crashed sender's claim expires at lease_until.
CREATE TABLE digest_sends (
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    period          TEXT NOT NULL,
    status          TEXT NOT NULL,               -- claimed | sent | empty | failed
    claimed_by      TEXT,
    lease_until     TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    sent_at         TEXT,
    papers          INTEGER,
    error           TEXT,
    UNIQUE (subscription_id, period)
);
CREATE INDEX digest_sends_period ON digest_sends (period, status);
