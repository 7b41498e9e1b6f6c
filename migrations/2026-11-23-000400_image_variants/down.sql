DROP INDEX images_variants_pending_idx;
ALTER TABLE images DROP COLUMN variants_done;
DROP TABLE image_variants;
