-- A newsletter: composed once (the Markdown body is rendered at save time), then sent through
-- the delivery ledger. Its status and counts are derived from the ledger, never kept beside it;
-- only the author's decisions (schedule, pause, cancel) and the start of the send are stored.
CREATE TABLE newsletters (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200 AND subject !~ '[\r\n]'),
    preheader TEXT NOT NULL DEFAULT '' CHECK (length(preheader) <= 200 AND preheader !~ '[\r\n]'),
    body_markdown TEXT NOT NULL CHECK (length(body_markdown) > 0),
    body_html TEXT NOT NULL,
    body_text TEXT NOT NULL,
    -- Everyone, or only the subscribers of `newsletter_themes`.
    all_themes BOOLEAN NOT NULL DEFAULT TRUE,
    scheduled_at TIMESTAMPTZ,
    -- The idempotency key of the accepted send form: the same form sent twice starts one send.
    send_key TEXT UNIQUE,
    -- When the ledger was written (the newsletter moved to "sending"); set once.
    started_at TIMESTAMPTZ,
    paused_at TIMESTAMPTZ,
    cancelled_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX newsletters_due_idx ON newsletters (scheduled_at)
    WHERE started_at IS NULL AND cancelled_at IS NULL;

CREATE TABLE newsletter_themes (
    newsletter_id BIGINT NOT NULL REFERENCES newsletters (id) ON DELETE CASCADE,
    theme_id BIGINT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (newsletter_id, theme_id)
);

-- The delivery ledger: one row per (newsletter, subscriber), written once when the send starts.
-- Claimed with FOR UPDATE SKIP LOCKED under a lease; an expired lease returns the row.
CREATE TABLE deliveries (
    newsletter_id BIGINT NOT NULL REFERENCES newsletters (id) ON DELETE CASCADE,
    reader_id BIGINT NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    run_at TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ,
    -- The SMTP server's answer to the accepted message, or the last error.
    smtp_response TEXT,
    last_error TEXT,
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (newsletter_id, reader_id),
    CHECK ((status = 'pending') = (finished_at IS NULL))
);
CREATE INDEX deliveries_ready_idx ON deliveries (run_at) WHERE status = 'pending';

-- Permanent refusals (5xx) of the reader's address; past a configured number, no more mail.
ALTER TABLE readers ADD COLUMN hard_bounces INTEGER NOT NULL DEFAULT 0 CHECK (hard_bounces >= 0);
