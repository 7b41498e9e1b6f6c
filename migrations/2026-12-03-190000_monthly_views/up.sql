-- Monthly roll-ups of the daily counts, so that a long period reads a dozen rows per page rather
-- than a row per page and day: `month` is the month's first day. They hold the same sums as the
-- daily rows of their month (the flush updates both in one transaction). The sources' roll-up
-- also holds the whole site's sources under the path `*`, which the daily table has not.
CREATE TABLE page_views_monthly (
    month DATE NOT NULL CHECK (extract(day FROM month) = 1),
    path TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 300),
    views BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0),
    visitors BIGINT NOT NULL DEFAULT 0 CHECK (visitors >= 0),
    PRIMARY KEY (month, path)
);

CREATE TABLE page_sources_monthly (
    month DATE NOT NULL CHECK (extract(day FROM month) = 1),
    path TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 300),
    source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    views BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0),
    PRIMARY KEY (month, path, source)
);

INSERT INTO page_views_monthly (month, path, views, visitors)
SELECT date_trunc('month', day)::date, path, sum(views), sum(visitors)
FROM page_views
GROUP BY 1, 2;

INSERT INTO page_sources_monthly (month, path, source, views)
SELECT date_trunc('month', day)::date, path, source, sum(views)
FROM page_sources
GROUP BY 1, 2, 3
UNION ALL
SELECT date_trunc('month', day)::date, '*', source, sum(views)
FROM page_sources
GROUP BY 1, 3;
