DROP TABLE newsletter_links;
