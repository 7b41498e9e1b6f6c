DROP TRIGGER articles_body_version_bump ON articles;
DROP FUNCTION sillage_body_version_bump();
-- The renderings are made again from their bodies by the next views.
DELETE FROM article_bodies;
ALTER TABLE article_bodies DROP COLUMN source_version;
ALTER TABLE article_bodies ADD COLUMN source_md5 TEXT NOT NULL;
ALTER TABLE articles DROP COLUMN body_version;
