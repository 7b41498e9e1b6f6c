DROP TABLE follow_consents;
DROP TABLE redirects;
DROP TABLE wordpress_items;
