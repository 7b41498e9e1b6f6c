DROP TRIGGER article_themes_similar_invalidate ON article_themes;
DROP TRIGGER articles_similar_invalidate ON articles;
DROP FUNCTION sillage_similar_invalidate();
DROP TABLE similar_articles;
DROP TABLE similar_epoch;
