DROP INDEX page_sources_path_day;
DROP INDEX page_views_path_day;
ALTER TABLE deliveries DROP COLUMN bounced;
DROP INDEX newsletter_subscriptions_unsubscribed_at;
DROP INDEX newsletter_subscriptions_source_article;
ALTER TABLE newsletter_subscriptions
    DROP COLUMN unsubscribed_newsletter_id,
    DROP COLUMN source_article_id;
