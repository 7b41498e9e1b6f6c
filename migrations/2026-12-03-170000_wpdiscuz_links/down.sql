DROP TABLE wpdiscuz_links;
