//! What the importer met and did about it, as typed values with their data: the report keeps
//! them (and the admin's `import_runs` their JSON), and each reader of the report words them in
//! its own language through [`Issue::describe`].

use serde::{Deserialize, Serialize};

use crate::i18n::import_problems::ImportProblemMessages;

/// A problem of the export and how it was handled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Issue {
    /// A bare `&` was read as `&`.
    BareAmpersand,
    /// Control characters that XML forbids were removed.
    ControlCharacters,
    /// A shortcode without an equivalent was left as text.
    UnknownShortcode {
        /// Its name.
        name: String,
    },
    /// A published post without a date was published at the import.
    PublishedUndated,
    /// The title was cut to `max` characters.
    TitleShortened {
        /// The longest title.
        max: usize,
    },
    /// The slug was taken here: the article got another.
    SlugTaken {
        /// WordPress's slug.
        wanted: String,
        /// The article's.
        given: String,
    },
    /// A post that could not be written.
    PostNotWritten {
        /// Its WordPress id.
        post: i64,
        /// Why (the database's words).
        error: String,
    },
    /// An inline comment whose passage was not found: an ordinary comment.
    PassageMissing {
        /// The comment's WordPress id.
        comment: i64,
        /// Its `wc_feedback_forms` id.
        form: i64,
    },
    /// A reply whose parent is not in the file starts a thread of its own.
    ParentMissing {
        /// The comment's WordPress id.
        comment: i64,
        /// Its parent's.
        parent: i64,
    },
    /// A comment cut to `max` characters.
    CommentShortened {
        /// The comment's WordPress id.
        comment: i64,
        /// The longest body.
        max: usize,
    },
    /// A comment without a date, dated at the import.
    CommentUndated {
        /// The comment's WordPress id.
        comment: i64,
    },
    /// A comment whose number is taken here: its old `#comment-N` link lands on the article.
    CommentNumberTaken {
        /// The comment's WordPress id.
        comment: i64,
    },
    /// An image of a body kept at its old address.
    ImageKept {
        /// Its path under `uploads/`.
        path: String,
        /// Why it was not copied.
        why: ImageRefusal,
    },
    /// A featured image not imported.
    HeroNotImported {
        /// Its path under `uploads/`.
        path: String,
        /// Why.
        why: ImageRefusal,
    },
    /// A `[gallery]` left out of the article.
    GalleryLeftOut {
        /// Its attachments' WordPress ids (none: the post's attached images).
        attachments: Vec<i64>,
    },
}

/// Why an image of the uploads copy was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageRefusal {
    /// The path leaves the uploads directory.
    OutsideUploads,
    /// The file is not in the copy.
    NotInCopy,
    /// The file is not an image Sillage takes.
    NotAnImage,
}

impl Issue {
    /// The issue in the words of `m`.
    pub fn describe(&self, m: &ImportProblemMessages) -> String {
        let fill = |template: &str, values: &[(&str, &dyn std::fmt::Display)]| {
            values
                .iter()
                .fold(template.to_owned(), |text, (key, value)| {
                    text.replace(&format!("{{{key}}}"), &value.to_string())
                })
        };
        match self {
            Issue::BareAmpersand => m.bare_ampersand.to_owned(),
            Issue::ControlCharacters => m.control_characters.to_owned(),
            Issue::UnknownShortcode { name } => fill(m.unknown_shortcode, &[("name", name)]),
            Issue::PublishedUndated => m.published_undated.to_owned(),
            Issue::TitleShortened { max } => fill(m.title_shortened, &[("max", max)]),
            Issue::SlugTaken { wanted, given } => {
                fill(m.slug_taken, &[("wanted", wanted), ("given", given)])
            }
            Issue::PostNotWritten { post, error } => {
                fill(m.post_not_written, &[("post", post), ("error", error)])
            }
            Issue::PassageMissing { comment, form } => {
                fill(m.passage_missing, &[("comment", comment), ("form", form)])
            }
            Issue::ParentMissing { comment, parent } => fill(
                m.parent_missing,
                &[("comment", comment), ("parent", parent)],
            ),
            Issue::CommentShortened { comment, max } => {
                fill(m.comment_shortened, &[("comment", comment), ("max", max)])
            }
            Issue::CommentUndated { comment } => fill(m.comment_undated, &[("comment", comment)]),
            Issue::CommentNumberTaken { comment } => {
                fill(m.comment_number_taken, &[("comment", comment)])
            }
            Issue::ImageKept { path, why } => fill(
                m.image_kept,
                &[("why", &fill(why.template(m), &[("path", path)]))],
            ),
            Issue::HeroNotImported { path, why } => fill(
                m.hero_not_imported,
                &[("why", &fill(why.template(m), &[("path", path)]))],
            ),
            Issue::GalleryLeftOut { attachments } if attachments.is_empty() => {
                m.gallery_attached.to_owned()
            }
            Issue::GalleryLeftOut { attachments } => {
                let ids: Vec<String> = attachments.iter().map(i64::to_string).collect();
                fill(m.gallery_left_out, &[("ids", &ids.join(", "))])
            }
        }
    }
}

impl ImageRefusal {
    fn template(self, m: &ImportProblemMessages) -> &'static str {
        match self {
            ImageRefusal::OutsideUploads => m.image_outside_uploads,
            ImageRefusal::NotInCopy => m.image_not_in_copy,
            ImageRefusal::NotAnImage => m.image_not_an_image,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn an_issue_reads_in_each_language_with_its_data() {
        let missing = Issue::ParentMissing {
            comment: 12,
            parent: 999,
        };
        let fr = missing.describe(&Locale::Fr.messages().import_problems);
        assert_eq!(
            fr,
            "commentaire 12\u{a0}: son parent 999 n’est pas dans le fichier, il ouvre un fil à lui"
        );
        let en = missing.describe(&Locale::En.messages().import_problems);
        assert_eq!(
            en,
            "comment 12: its parent 999 is not in the file, it starts a thread of its own"
        );
        let image = Issue::ImageKept {
            path: "2019/03/usine.jpg".into(),
            why: ImageRefusal::NotInCopy,
        };
        assert_eq!(
            image.describe(&Locale::Fr.messages().import_problems),
            "image laissée à son ancienne adresse\u{a0}: `2019/03/usine.jpg` n’est pas dans la copie des uploads"
        );
    }

    #[test]
    fn an_issue_survives_its_trip_through_json() {
        let issue = Issue::SlugTaken {
            wanted: "plan".into(),
            given: "plan-2".into(),
        };
        let json = serde_json::to_value(&issue).unwrap();
        assert_eq!(json["kind"], "slug_taken");
        assert_eq!(serde_json::from_value::<Issue>(json).unwrap(), issue);
    }
}
