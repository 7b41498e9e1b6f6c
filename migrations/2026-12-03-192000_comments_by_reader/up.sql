-- A browser's own comments, newest first: the name and address its comment form is filled
-- with, and whether the page cache renders its pages whole.
CREATE INDEX comments_reader_idx ON comments (reader_id, created_at DESC) WHERE reader_id IS NOT NULL;
