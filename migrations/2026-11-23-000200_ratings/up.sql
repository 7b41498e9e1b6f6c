-- Secrets generated once per installation and shared by every node through the database
-- (the key that signs reader cookies): nothing secret ships with the code.
CREATE TABLE site_secrets (
    name TEXT PRIMARY KEY,
    value BYTEA NOT NULL CHECK (length(value) >= 32),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One vote per reader and article; voting again changes the vote.
CREATE TABLE ratings (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    reader_id TEXT NOT NULL CHECK (reader_id ~ '^[A-Za-z0-9_-]{22,64}$'),
    stars SMALLINT NOT NULL CHECK (stars BETWEEN 1 AND 5),
    client_network TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (article_id, reader_id)
);
CREATE INDEX ratings_network_idx ON ratings (article_id, client_network, created_at);
