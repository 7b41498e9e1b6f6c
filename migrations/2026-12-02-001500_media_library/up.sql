-- The media library keeps the words that go with an image: its alternative text and its
-- caption, offered again whenever the image is reused in an article body. Additions only:
-- code that does not know these columns keeps inserting images with empty ones.
ALTER TABLE images
    ADD COLUMN alt TEXT NOT NULL DEFAULT '' CHECK (length(alt) <= 300),
    ADD COLUMN caption TEXT NOT NULL DEFAULT '' CHECK (length(caption) <= 500);
