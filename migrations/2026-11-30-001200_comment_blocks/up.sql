-- The moderator's block list: a sender's email address or a client address range. Comments
-- from a blocked sender are stored as spam; their follow requests send nothing.
CREATE TABLE comment_blocks (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'network')),
    email TEXT CHECK (email = lower(email) AND length(email) <= 254),
    network CIDR,
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'email') = (email IS NOT NULL)),
    CHECK ((kind = 'network') = (network IS NOT NULL))
);
CREATE UNIQUE INDEX comment_blocks_email_idx ON comment_blocks (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX comment_blocks_network_idx ON comment_blocks (network) WHERE network IS NOT NULL;
-- The inbox pages each tab newest first.
CREATE INDEX comments_inbox_idx ON comments (status, created_at DESC, id DESC);
