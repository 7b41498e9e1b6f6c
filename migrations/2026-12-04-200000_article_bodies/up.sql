-- The body of each article as its page shows it (src/articles/stored_body.rs): the stored
-- images as `<picture>` with their sizes and variants, the table of contents and the
-- paragraphs (with where each ends, for the inline comment markers), rendered when the
-- article is saved rather than on every view.
--
-- A row is current while it was rendered by the same code (`form`), from the same body
-- (`source_md5`) and the same images (`epoch`: the `image_epoch` it was rendered at); a row
-- that is not (an image replaced, variants made later, a body written by an import or an
-- older node, a row from before this table) is rendered again by the next view of its page.
-- Nothing is copied here: a migration cannot run the renderer.

-- One row: bumped by every change to the images or their variants. A body rendered from a
-- snapshot older than the last change carries an older epoch and is rendered again.
CREATE TABLE image_epoch (
    id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    value BIGINT NOT NULL
);
INSERT INTO image_epoch (id, value) VALUES (TRUE, 0);

CREATE TABLE article_bodies (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    form INTEGER NOT NULL,
    epoch BIGINT NOT NULL,
    source_md5 TEXT NOT NULL,
    html TEXT NOT NULL,
    outline TEXT NOT NULL,
    passages TEXT NOT NULL
);

CREATE FUNCTION sillage_image_epoch_bump() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
        BEGIN
            UPDATE image_epoch SET value = value + 1;
            RETURN NULL;
        END
    $$;

-- Per row: an update that changes no row (an identical upload) must not bump it.
CREATE TRIGGER images_epoch_bump
    AFTER INSERT OR UPDATE OR DELETE ON images
    FOR EACH ROW EXECUTE FUNCTION sillage_image_epoch_bump();

CREATE TRIGGER image_variants_epoch_bump
    AFTER INSERT OR UPDATE OR DELETE ON image_variants
    FOR EACH ROW EXECUTE FUNCTION sillage_image_epoch_bump();
