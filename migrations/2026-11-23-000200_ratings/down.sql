DROP TABLE ratings;
DROP TABLE site_secrets;
