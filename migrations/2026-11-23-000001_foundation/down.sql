DROP TABLE article_themes;
DROP TABLE articles;
DROP TABLE themes;
DROP TABLE series;
DROP TABLE images;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE authors;
