-- Private page counts: views and estimated unique visitors per page and day (the path `*`
-- holds the whole site's), and views per source (a grouped referrer). No address, user agent
-- or cookie is stored: a visitor is a mark, an HMAC of their network and user agent under the
-- day's salt, kept only for that day; the salt is dropped with its marks the next day, so no
-- one can follow a reader from one day to the next.
CREATE TABLE page_views (
    day DATE NOT NULL,
    path TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 300),
    views BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0),
    visitors BIGINT NOT NULL DEFAULT 0 CHECK (visitors >= 0),
    PRIMARY KEY (day, path)
);

CREATE TABLE page_sources (
    day DATE NOT NULL,
    path TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 300),
    source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    views BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0),
    PRIMARY KEY (day, path, source)
);

CREATE TABLE visitor_salts (
    day DATE PRIMARY KEY,
    salt BYTEA NOT NULL CHECK (length(salt) = 32)
);

CREATE TABLE visitor_marks (
    day DATE NOT NULL REFERENCES visitor_salts (day) ON DELETE CASCADE,
    path TEXT NOT NULL,
    mark BYTEA NOT NULL,
    PRIMARY KEY (day, path, mark)
);
