DROP TABLE visitor_marks;
DROP TABLE visitor_salts;
DROP TABLE page_sources;
DROP TABLE page_views;
