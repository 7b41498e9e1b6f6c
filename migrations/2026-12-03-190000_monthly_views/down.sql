DROP TABLE page_sources_monthly;
DROP TABLE page_views_monthly;
