DROP TABLE jobs;
DROP TABLE signup_attempts;
DROP TABLE subscription_themes;
DROP TABLE newsletter_subscriptions;
DROP TABLE confirmation_tokens;
DROP TABLE readers;
