ALTER TABLE readers DROP COLUMN hard_bounces;
DROP TABLE deliveries;
DROP TABLE newsletter_themes;
DROP TABLE newsletters;
