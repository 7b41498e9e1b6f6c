-- What each imported WordPress item became, keyed by the site and its WordPress id: importing
-- the same export again finds every item here and changes nothing.
CREATE TABLE wordpress_items (
    site TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'comment', 'subscription')),
    wp_id BIGINT NOT NULL,
    target_id BIGINT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (site, kind, wp_id)
);

-- Old addresses (a WordPress permalink, `/?p=12`, `/category/x/`) answered with a 301 to their
-- page here. Paths are stored without their trailing slash.
CREATE TABLE redirects (
    path TEXT PRIMARY KEY CHECK (path ~ '^/' AND length(path) <= 2000),
    target TEXT NOT NULL CHECK (target ~ '^/'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A follow whose consent was given elsewhere (a confirmed wpDiscuz subscription): where, and when.
CREATE TABLE follow_consents (
    follow_id BIGINT PRIMARY KEY REFERENCES follows (id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    consented_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
