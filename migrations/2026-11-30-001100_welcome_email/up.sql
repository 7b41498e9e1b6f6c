-- Texts of the site's emails that the author edits in the admin (the welcome after a
-- confirmation). A missing row means the built-in default of the interface's language.
CREATE TABLE email_texts (
    kind TEXT PRIMARY KEY CHECK (kind IN ('welcome')),
    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200 AND subject !~ '[\r\n]'),
    body_markdown TEXT NOT NULL CHECK (length(body_markdown) BETWEEN 1 AND 20000),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
