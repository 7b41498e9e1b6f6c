-- Thread follows: a reader (an address, confirmed or not) follows an article's comments, all
-- of them or only the replies to their own. A follow takes effect once the address is
-- confirmed; stopping keeps the row so that the unsubscribe link still answers.
CREATE TABLE follows (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reader_id BIGINT NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    mode TEXT NOT NULL CHECK (mode IN ('all', 'replies')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'stopped')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    activated_at TIMESTAMPTZ,
    stopped_at TIMESTAMPTZ,
    UNIQUE (reader_id, article_id),
    CHECK (status <> 'active' OR activated_at IS NOT NULL)
);
CREATE INDEX follows_article_idx ON follows (article_id, status);

-- One notification per (comment, reader): the unique key makes a second fan-out a no-op.
-- Notifications of one reader and article still unsent are mailed together in one email.
CREATE TABLE comment_notifications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    reader_id BIGINT NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'reply')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at TIMESTAMPTZ,
    UNIQUE (comment_id, reader_id)
);
CREATE INDEX comment_notifications_unsent_idx ON comment_notifications (reader_id, article_id)
    WHERE sent_at IS NULL;
