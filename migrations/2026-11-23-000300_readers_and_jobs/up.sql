-- The verified reader identity: an address confirmed once serves every reader feature.
CREATE TABLE readers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND position('@' IN email) > 1 AND length(email) <= 254),
    name TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 100),
    confirmed_at TIMESTAMPTZ,
    -- Part of the key of the reader's management links: changing it revokes them all.
    link_salt BYTEA NOT NULL CHECK (length(link_salt) = 16),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Confirmation links: only the hash of the token is stored.
CREATE TABLE confirmation_tokens (
    token_hash BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),
    reader_id BIGINT NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX confirmation_tokens_reader_idx ON confirmation_tokens (reader_id, created_at);

-- One newsletter subscription per reader, with its recorded consent.
CREATE TABLE newsletter_subscriptions (
    reader_id BIGINT PRIMARY KEY REFERENCES readers (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'subscribed', 'unsubscribed')),
    all_themes BOOLEAN NOT NULL DEFAULT TRUE,
    consent_text TEXT NOT NULL,
    consent_at TIMESTAMPTZ NOT NULL,
    consent_network TEXT NOT NULL,
    subscribed_at TIMESTAMPTZ,
    unsubscribed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (status <> 'subscribed' OR subscribed_at IS NOT NULL)
);
CREATE INDEX newsletter_subscriptions_status_idx ON newsletter_subscriptions (status);

CREATE TABLE subscription_themes (
    reader_id BIGINT NOT NULL REFERENCES newsletter_subscriptions (reader_id) ON DELETE CASCADE,
    theme_id BIGINT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (reader_id, theme_id)
);

-- Signup attempts by address range, for the hourly limit (the address is truncated).
CREATE TABLE signup_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_network TEXT NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX signup_attempts_network_idx ON signup_attempts (client_network, attempted_at);

-- The job queue: claimed with FOR UPDATE SKIP LOCKED under a lease, retried with backoff.
-- A dedupe key makes a second enqueue of the same event a no-op.
CREATE TABLE jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    payload JSONB NOT NULL DEFAULT '{}',
    dedupe_key TEXT UNIQUE,
    run_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8 CHECK (max_attempts > 0),
    locked_until TIMESTAMPTZ,
    last_error TEXT,
    done_at TIMESTAMPTZ,
    failed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX jobs_ready_idx ON jobs (run_at) WHERE done_at IS NULL AND failed_at IS NULL;
