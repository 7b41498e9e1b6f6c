-- "Publications similaires": each article's list of similar articles, computed by one query
-- (src/articles/similar.rs) the first time the article is shown, and kept until any article
-- or theme link changes.

-- One row: bumped by every change that can alter a list. A list computed from a snapshot
-- older than the last change carries an older epoch and is never read, even if it was
-- written after the change committed.
CREATE TABLE similar_epoch (
    id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    value BIGINT NOT NULL
);
INSERT INTO similar_epoch (id, value) VALUES (TRUE, 0);

-- The ids of the similar articles, best first (empty when there is none: still cached).
-- No foreign key: a deleted article empties the whole table anyway.
CREATE TABLE similar_articles (
    article_id BIGINT PRIMARY KEY,
    epoch BIGINT NOT NULL,
    similar_ids BIGINT[] NOT NULL
);

CREATE FUNCTION sillage_similar_invalidate() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
        BEGIN
            UPDATE similar_epoch SET value = value + 1;
            DELETE FROM similar_articles;
            RETURN NULL;
        END
    $$;

-- Per row, not per statement: the scheduler's minute tick updates no row most of the time
-- and must not empty the cache.
CREATE TRIGGER articles_similar_invalidate
    AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION sillage_similar_invalidate();

CREATE TRIGGER article_themes_similar_invalidate
    AFTER INSERT OR UPDATE OR DELETE ON article_themes
    FOR EACH ROW EXECUTE FUNCTION sillage_similar_invalidate();
