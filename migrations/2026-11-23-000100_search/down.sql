DROP INDEX articles_search_idx;
ALTER TABLE articles DROP COLUMN search_document;
DROP FUNCTION sillage_html_text(TEXT);
DROP TEXT SEARCH CONFIGURATION sillage_fr;
-- Refused (no CASCADE) if anything else came to depend on the extension meanwhile.
DROP EXTENSION IF EXISTS unaccent;
