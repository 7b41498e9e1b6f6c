DROP TRIGGER image_variants_epoch_bump ON image_variants;
DROP TRIGGER images_epoch_bump ON images;
DROP FUNCTION sillage_image_epoch_bump();
DROP TABLE article_bodies;
DROP TABLE image_epoch;
