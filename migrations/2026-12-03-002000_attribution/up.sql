-- What each article and each send brought, without following anyone: a subscription keeps the
-- published article its signup form sat on, and an unsubscribe the send whose link it came
-- through. A delivery refused for good by the receiving server is told from other failures.
ALTER TABLE newsletter_subscriptions
    ADD COLUMN source_article_id BIGINT REFERENCES articles (id) ON DELETE SET NULL,
    ADD COLUMN unsubscribed_newsletter_id BIGINT REFERENCES newsletters (id) ON DELETE SET NULL;

CREATE INDEX newsletter_subscriptions_source_article
    ON newsletter_subscriptions (source_article_id) WHERE source_article_id IS NOT NULL;
CREATE INDEX newsletter_subscriptions_unsubscribed_at
    ON newsletter_subscriptions (unsubscribed_at) WHERE unsubscribed_at IS NOT NULL;

ALTER TABLE deliveries ADD COLUMN bounced BOOLEAN NOT NULL DEFAULT false;

-- An article's stats read one page's days: without these, its period is found by scanning every
-- page of each day (the primary keys lead with the day).
CREATE INDEX page_views_path_day ON page_views (path, day);
CREATE INDEX page_sources_path_day ON page_sources (path, day);
