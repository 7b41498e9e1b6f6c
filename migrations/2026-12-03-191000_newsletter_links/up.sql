-- A newsletter's links when its clicks are counted (`analytics.newsletter_clicks`): each link of
-- its body by position, and how many times the send's redirect to it was followed. Nothing
-- says who clicked: the redirect's token names the send and the link, not the reader.
CREATE TABLE newsletter_links (
    newsletter_id BIGINT NOT NULL REFERENCES newsletters (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    url TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    clicks BIGINT NOT NULL DEFAULT 0 CHECK (clicks >= 0),
    PRIMARY KEY (newsletter_id, position)
);
