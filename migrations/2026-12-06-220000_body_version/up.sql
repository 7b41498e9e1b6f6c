-- Which body a stored rendering (article_bodies) was made from, told by a version rather than
-- by the md5 of the whole body, which PostgreSQL computed on every view of an uncached page.
-- The version is bumped by a trigger on every change of the body's HTML, whoever makes it (the
-- editor, the importer, another node, an SQL session), so a rendering is current while its
-- `source_version` is its article's `body_version`. The renderings stored before this carry
-- no version and are rendered again by their next view.

ALTER TABLE articles ADD COLUMN body_version BIGINT NOT NULL DEFAULT 0;

ALTER TABLE article_bodies DROP COLUMN source_md5;
ALTER TABLE article_bodies ADD COLUMN source_version BIGINT;

CREATE FUNCTION sillage_body_version_bump() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
        BEGIN
            NEW.body_version := OLD.body_version + 1;
            RETURN NEW;
        END
    $$;

CREATE TRIGGER articles_body_version_bump
    BEFORE UPDATE OF body_html ON articles
    FOR EACH ROW WHEN (NEW.body_html IS DISTINCT FROM OLD.body_html)
    EXECUTE FUNCTION sillage_body_version_bump();
