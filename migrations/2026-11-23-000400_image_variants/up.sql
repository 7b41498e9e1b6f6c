-- Smaller widths and lighter formats of each image, made once from the original so that a phone
-- downloads only what its screen shows. Each variant has its own content hash, hence its own
-- immutable URL.
CREATE TABLE image_variants (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    image_id BIGINT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    data BYTEA NOT NULL,
    UNIQUE (image_id, content_type, width)
);

-- False until the variants of the image have been made (at upload, or later by the worker for
-- images stored before variants existed, or by a node still running older code).
ALTER TABLE images ADD COLUMN variants_done BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX images_variants_pending_idx ON images (id) WHERE NOT variants_done;
