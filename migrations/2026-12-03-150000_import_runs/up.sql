-- The WordPress imports started from the admin panel: the uploaded files (large objects, so
-- that any node's worker reads them and a restart loses nothing), the phase and its state, the
-- progress so far and the report. At most one import is queued or running at a time, whichever
-- node is asked: the partial unique index says so.
CREATE TABLE import_runs (
    id BIGSERIAL PRIMARY KEY,
    phase TEXT NOT NULL DEFAULT 'dry_run' CHECK (phase IN ('dry_run', 'import')),
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    categories TEXT NOT NULL DEFAULT 'themes' CHECK (categories IN ('themes', 'series')),
    wxr_name TEXT NOT NULL,
    wxr OID,
    wpdiscuz_sql OID,
    uploads_zip OID,
    items_read BIGINT NOT NULL DEFAULT 0 CHECK (items_read >= 0),
    articles_read BIGINT NOT NULL DEFAULT 0 CHECK (articles_read >= 0),
    comments_read BIGINT NOT NULL DEFAULT 0 CHECK (comments_read >= 0),
    report JSONB,
    failure TEXT,
    beat_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    CHECK ((status IN ('done', 'failed')) = (finished_at IS NOT NULL))
);

CREATE UNIQUE INDEX import_runs_one_active ON import_runs ((true))
    WHERE status IN ('queued', 'running');
