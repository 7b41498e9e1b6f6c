-- Full-text search over articles, in French with accents folded, so that "electrique" finds
-- "électrique" and "batteries" finds "batterie".

-- unaccent is a trusted extension: the database owner may create it without being superuser.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION sillage_fr (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION sillage_fr
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

-- The readable text of a stored body: tags become spaces and the few entities the sanitiser
-- writes are decoded (`&amp;` last, so that `&amp;lt;` stays `&lt;`). The body HTML is always
-- the sanitiser's output, so tags are well formed and `<` never appears in text.
CREATE FUNCTION sillage_html_text(html TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
        SELECT replace(replace(replace(replace(replace(replace(
            regexp_replace(html, '<[^>]*>', ' ', 'g'),
            '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&nbsp;', ' '), '&amp;', '&')
    $$;

-- Weights: A for the title, B for the summary, C for the body, so that ts_rank puts a title
-- match above a match deep in the text. Generated, so it can never be stale.
ALTER TABLE articles ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('sillage_fr', title), 'A')
    || setweight(to_tsvector('sillage_fr', summary), 'B')
    || setweight(to_tsvector('sillage_fr', sillage_html_text(body_html)), 'C')
) STORED;

CREATE INDEX articles_search_idx ON articles USING GIN (search_document);
