-- Guest comments, threaded, moderated. The address of a commenter is never shown; the client
-- address is stored truncated.
CREATE TABLE comments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    depth INTEGER NOT NULL DEFAULT 0 CHECK (depth >= 0),
    author_name TEXT NOT NULL CHECK (length(author_name) BETWEEN 1 AND 80),
    author_email TEXT NOT NULL CHECK (author_email = lower(author_email) AND length(author_email) <= 254),
    author_url TEXT CHECK (author_url IS NULL OR author_url ~ '^https?://'),
    by_author BOOLEAN NOT NULL DEFAULT FALSE,
    body_markdown TEXT NOT NULL CHECK (length(body_markdown) BETWEEN 1 AND 5000),
    body_html TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    notify TEXT NOT NULL DEFAULT 'none' CHECK (notify IN ('none', 'replies', 'all')),
    anchor TEXT,
    reader_id TEXT,
    client_network TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    approved_at TIMESTAMPTZ
);
CREATE INDEX comments_article_idx ON comments (article_id, status, created_at);
CREATE INDEX comments_email_idx ON comments (author_email, status);
CREATE INDEX comments_network_idx ON comments (client_network, created_at);
CREATE INDEX comments_status_idx ON comments (status, created_at);
