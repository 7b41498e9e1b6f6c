//! The article editor's body image without JavaScript: a file chosen in the form's body image
//! field goes up with the form's normal submit; it is stored as the editor's script would
//! store it, its figure is appended to the body, and the editor comes back with everything
//! typed, nothing else saved yet.

use diesel_async::AsyncPgConnection;

use crate::articles::form::{ArticleFields, ArticleUploads, Upload};
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::media::upload::add_image;
use crate::media::words::append_figure;
use crate::web::form_errors::FormErrors;

/// Whether the submitted form carries a body image (or its words): then the submit inserts
/// it instead of saving the article.
pub fn wants_insert(fields: &ArticleFields, uploads: &ArticleUploads) -> bool {
    !matches!(uploads.body_image, Upload::None)
        || !fields.body_image_alt.trim().is_empty()
        || !fields.body_image_caption.trim().is_empty()
}

/// Stores the form's body image and appends its figure to `fields.body` (its words are then
/// cleared for the next image); otherwise the errors, by the article form's field names.
pub async fn insert_into(
    conn: &mut AsyncPgConnection,
    fields: &mut ArticleFields,
    file: Upload,
    max_pixels: u64,
    t: &'static Messages,
) -> AppResult<FormErrors> {
    let added = add_image(
        conn,
        file,
        &fields.body_image_alt,
        &fields.body_image_caption,
        max_pixels,
        t,
    )
    .await?;
    let mut errors = FormErrors::default();
    match added {
        Ok(added) => {
            fields.body = append_figure(&fields.body, &added.markdown);
            fields.body_image_alt.clear();
            fields.body_image_caption.clear();
        }
        Err(refused) => {
            let field = match refused.field {
                "alt" => "body_image_alt",
                "caption" => "body_image_caption",
                _ => "body_image",
            };
            errors.add(field, refused.error);
        }
    }
    Ok(errors)
}
