-- The browsers that proved they hold a reader's address: the signed reader cookie of the
-- browser that pressed one of the reader's confirmation links. A request carrying that cookie
-- acts as the reader (a follow takes effect at once, a comment is trusted as theirs); any
-- other request for that address waits for a confirmation by email.
CREATE TABLE reader_browsers (
    browser_id TEXT NOT NULL CHECK (length(browser_id) BETWEEN 16 AND 100),
    reader_id BIGINT NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    proved_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (browser_id, reader_id)
);
CREATE INDEX reader_browsers_reader_idx ON reader_browsers (reader_id);

-- The name a signup asked for when nothing proved it came from the confirmed reader: it
-- replaces the reader's name only once they confirm.
ALTER TABLE readers ADD COLUMN pending_name TEXT CHECK (char_length(pending_name) <= 100);
