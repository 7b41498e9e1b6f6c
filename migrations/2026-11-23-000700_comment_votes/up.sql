-- One vote per reader and comment (up or down); voting again changes the vote.
CREATE TABLE comment_votes (
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    reader_id TEXT NOT NULL CHECK (reader_id ~ '^[A-Za-z0-9_-]{22,64}$'),
    value SMALLINT NOT NULL CHECK (value IN (-1, 1)),
    client_network TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (comment_id, reader_id)
);
CREATE INDEX comment_votes_network_idx ON comment_votes (client_network, created_at);
