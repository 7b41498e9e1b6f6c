-- The automatic sends the author configures in the admin: a newsletter announcing each new
-- article, and a weekly digest at a day and hour of the site's time zone. One row, always there.
CREATE TABLE automatic_sends (
    id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    new_article BOOLEAN NOT NULL DEFAULT FALSE,
    -- How much of the article the announcement carries.
    new_article_mode TEXT NOT NULL DEFAULT 'teaser' CHECK (new_article_mode IN ('teaser', 'full')),
    digest BOOLEAN NOT NULL DEFAULT FALSE,
    -- ISO day of the week: 1 is Monday, 7 is Sunday.
    digest_weekday SMALLINT NOT NULL DEFAULT 1 CHECK (digest_weekday BETWEEN 1 AND 7),
    digest_hour SMALLINT NOT NULL DEFAULT 9 CHECK (digest_hour BETWEEN 0 AND 23),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO automatic_sends DEFAULT VALUES;

-- What an automatic newsletter stands for (`article:42`, `digest:2026-W49`): each is made once,
-- ever, whatever the retries, the workers or the settings' changes.
ALTER TABLE newsletters ADD COLUMN auto_key TEXT UNIQUE;
