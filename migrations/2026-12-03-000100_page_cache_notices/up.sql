-- Every write that changes a public page tells every node's page cache, on the channel
-- `sillage_pages`, which pages to drop: `article:<slug>` for one article's page and comment
-- feed, `all` for what changes lists, related articles and bylines. The notice is sent by the
-- database in the writing transaction itself, so a rolled back write tells nobody and no path of
-- the code (the worker, the importer, an SQL session) can forget it.

CREATE FUNCTION sillage_pages_article(target BIGINT) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sillage_pages', 'article:' || slug) FROM articles WHERE id = target;
END $$;

-- A comment, a rating or a comment vote changes its article's page only.
CREATE FUNCTION sillage_pages_of_article() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM sillage_pages_article(OLD.article_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.article_id <> OLD.article_id) THEN
        PERFORM sillage_pages_article(NEW.article_id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION sillage_pages_of_comment() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM sillage_pages_article(article_id) FROM comments WHERE id = OLD.comment_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.comment_id <> OLD.comment_id) THEN
        PERFORM sillage_pages_article(article_id) FROM comments WHERE id = NEW.comment_id;
    END IF;
    RETURN NULL;
END $$;

-- Articles, their themes, series, themes, images and the author's name show on many pages:
-- every page goes. (The related lists are computed from the articles: their notice suffices.)
CREATE FUNCTION sillage_pages_all() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sillage_pages', 'all');
    RETURN NULL;
END $$;

CREATE TRIGGER sillage_pages_written AFTER INSERT OR DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION sillage_pages_of_article();
CREATE TRIGGER sillage_pages_changed AFTER UPDATE ON comments
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION sillage_pages_of_article();
CREATE TRIGGER sillage_pages_written AFTER INSERT OR DELETE ON ratings
    FOR EACH ROW EXECUTE FUNCTION sillage_pages_of_article();
CREATE TRIGGER sillage_pages_changed AFTER UPDATE ON ratings
    FOR EACH ROW WHEN (OLD.stars IS DISTINCT FROM NEW.stars) EXECUTE FUNCTION sillage_pages_of_article();
CREATE TRIGGER sillage_pages_written AFTER INSERT OR DELETE ON comment_votes
    FOR EACH ROW EXECUTE FUNCTION sillage_pages_of_comment();
CREATE TRIGGER sillage_pages_changed AFTER UPDATE ON comment_votes
    FOR EACH ROW WHEN (OLD.value IS DISTINCT FROM NEW.value) EXECUTE FUNCTION sillage_pages_of_comment();

CREATE TRIGGER sillage_pages_written AFTER INSERT OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_changed AFTER UPDATE ON articles
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_written AFTER INSERT OR DELETE ON article_themes
    FOR EACH ROW EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_written AFTER INSERT OR DELETE ON series
    FOR EACH ROW EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_changed AFTER UPDATE ON series
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_written AFTER INSERT OR DELETE ON themes
    FOR EACH ROW EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_changed AFTER UPDATE ON themes
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_written AFTER INSERT OR DELETE ON images
    FOR EACH ROW EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_changed AFTER UPDATE ON images
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_written AFTER INSERT OR DELETE ON image_variants
    FOR EACH ROW EXECUTE FUNCTION sillage_pages_all();
CREATE TRIGGER sillage_pages_changed AFTER UPDATE ON authors
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name) EXECUTE FUNCTION sillage_pages_all();
