-- The unsubscribe links wpDiscuz mailed before the move keep working: each imported
-- subscription's WordPress id and the SHA-256 of its activation key, pointing at the follow made
-- from it. A table of its own rather than columns on follows: follows stay free of WordPress,
-- several old rows can point at one follow, and erasing a reader erases these with the follow.
CREATE TABLE wpdiscuz_links (
    site TEXT NOT NULL,
    wp_id BIGINT NOT NULL CHECK (wp_id > 0),
    key_hash BYTEA NOT NULL CHECK (length(key_hash) = 32),
    follow_id BIGINT NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
    imported_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (site, wp_id)
);

-- An old link carries the WordPress id only, not the site.
CREATE INDEX wpdiscuz_links_wp_id ON wpdiscuz_links (wp_id);
CREATE INDEX wpdiscuz_links_follow ON wpdiscuz_links (follow_id);
