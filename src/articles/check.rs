//! Checking the article form field by field into an [`ArticleDraft`] or a list of errors.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::articles::draft::{ArticleDraft, HeroChange, PublishAction};
use crate::articles::form::{ArticleFields, Upload};
use crate::articles::markdown;
use crate::domain::Slug;
use crate::domain::local_time::parse_local_datetime;
use crate::domain::text::is_plain;
use crate::i18n::Messages;
use crate::images::upload::{CheckedImage, ImageRejection};
use crate::web::form_errors::FormErrors;

/// Longest title, summary and body, in characters.
const MAX_TITLE: usize = 200;
const MAX_SUMMARY: usize = 500;
const MAX_BODY: usize = 200_000;
const MAX_URL: usize = 2_000;
const MAX_ALT: usize = 300;

/// What validation needs besides the form.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext {
    /// The strings of the interface.
    pub t: &'static Messages,
    /// The site's time zone, in which `publish_at` is typed.
    pub timezone: Tz,
    /// Now.
    pub now: DateTime<Utc>,
    /// Whether the article already has a hero image.
    pub has_hero: bool,
    /// The most pixels an uploaded image may have (`images.max_pixels`).
    pub max_pixels: u64,
}

impl ArticleFields {
    /// Checks every field; on success the draft, otherwise each field's error.
    pub fn check(&self, upload: Upload, ctx: CheckContext) -> Result<ArticleDraft, FormErrors> {
        let t = ctx.t;
        let mut errors = FormErrors::default();
        for (field, text) in [
            ("title", &self.title),
            ("slug", &self.slug),
            ("summary", &self.summary),
            ("body", &self.body),
            ("source_url", &self.source_url),
            ("hero_alt", &self.hero_alt),
        ] {
            if !is_plain(text) {
                errors.add(field, t.guards.control_characters);
            }
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            errors.add("title", t.error_title_required);
        } else if title.chars().count() > MAX_TITLE {
            errors.add("title", t.error_title_long);
        }
        let slug = if self.slug.trim().is_empty() {
            Slug::from_title(&title)
        } else {
            Slug::parse(self.slug.trim())
        };
        if slug.is_none() && !title.is_empty() {
            errors.add("slug", t.error_slug_invalid);
        }
        let summary = self.summary.trim().to_owned();
        if summary.chars().count() > MAX_SUMMARY {
            errors.add("summary", t.error_summary_long);
        }
        if self.body.chars().count() > MAX_BODY {
            errors.add("body", t.error_body_long);
        }
        let series_id = match self.series.trim() {
            "" => None,
            raw => raw.parse::<i64>().ok().or_else(|| {
                errors.add("series", t.error_series_unknown);
                None
            }),
        };
        let theme_ids: Vec<i64> = self
            .themes
            .iter()
            .filter_map(|raw| raw.trim().parse().ok())
            .collect();
        if theme_ids.len() != self.themes.len() {
            errors.add("themes", t.error_theme_unknown);
        }
        let source = self.source_url.trim();
        let source_url = (!source.is_empty()).then(|| source.to_owned());
        if source_url.is_some() && !is_web_url(source) {
            errors.add("source_url", t.error_source_url);
        }
        let hero = match upload {
            Upload::None if self.remove_hero => HeroChange::Remove,
            Upload::None => HeroChange::Keep,
            Upload::TooLarge => {
                errors.add("hero_image", t.error_image_too_big);
                HeroChange::Keep
            }
            Upload::File(data) => match CheckedImage::check(data, ctx.max_pixels) {
                Ok(image) => HeroChange::Replace(image),
                Err(ImageRejection::TooBig) => {
                    errors.add("hero_image", t.error_image_too_big);
                    HeroChange::Keep
                }
                Err(ImageRejection::TooManyPixels) => {
                    errors.add("hero_image", t.guards.image_too_many_pixels);
                    HeroChange::Keep
                }
                Err(ImageRejection::NotAnImage) => {
                    errors.add("hero_image", t.error_image_invalid);
                    HeroChange::Keep
                }
            },
        };
        let hero_alt = self.hero_alt.trim().to_owned();
        let will_have_hero = matches!(hero, HeroChange::Replace(_))
            || (ctx.has_hero && matches!(hero, HeroChange::Keep));
        if (will_have_hero && hero_alt.is_empty()) || hero_alt.chars().count() > MAX_ALT {
            errors.add("hero_alt", t.error_hero_alt_required);
        }
        let action = match self.action.as_str() {
            "draft" => Some(PublishAction::Draft),
            "publish" => Some(PublishAction::Publish),
            "schedule" => match parse_local_datetime(&self.publish_at, ctx.timezone) {
                Some(at) if at > ctx.now => Some(PublishAction::Schedule(at)),
                Some(_) => {
                    errors.add("publish_at", t.error_publish_at_past);
                    None
                }
                None => {
                    errors.add("publish_at", t.error_publish_at_invalid);
                    None
                }
            },
            _ => {
                errors.add("action", t.error_action_invalid);
                None
            }
        };
        match (slug, action, errors.is_empty()) {
            (Some(slug), Some(action), true) => Ok(ArticleDraft {
                title,
                slug,
                summary,
                rendered: markdown::render(&self.body, t.locale),
                body_markdown: self.body.clone(),
                series_id,
                theme_ids,
                source_url,
                hero,
                hero_alt,
                action,
            }),
            _ => Err(errors),
        }
    }
}

fn is_web_url(raw: &str) -> bool {
    raw.len() <= MAX_URL
        && (raw.starts_with("https://") || raw.starts_with("http://"))
        && raw.split_once("://").is_some_and(|(_, rest)| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty()
                && !raw.chars().any(|c| {
                    c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::FR;

    fn ctx() -> CheckContext {
        CheckContext {
            t: &FR,
            timezone: chrono_tz::Europe::Paris,
            now: Utc::now(),
            has_hero: false,
            max_pixels: 40_000_000,
        }
    }

    fn valid() -> ArticleFields {
        ArticleFields {
            title: "Twingo électrique".into(),
            body: "## Intro\n\nTexte.".into(),
            action: "draft".into(),
            ..ArticleFields::default()
        }
    }

    #[test]
    fn the_slug_comes_from_the_title_when_left_empty() {
        let draft = valid().check(Upload::None, ctx()).unwrap();
        assert_eq!(draft.slug.as_str(), "twingo-electrique");
        assert_eq!(draft.action, PublishAction::Draft);
    }

    #[test]
    fn each_bad_field_gets_its_message() {
        let fields = ArticleFields {
            title: " ".into(),
            slug: "Pas Bon".into(),
            source_url: "javascript:alert(1)".into(),
            series: "abc".into(),
            themes: vec!["1".into(), "x".into()],
            action: "explode".into(),
            ..ArticleFields::default()
        };
        let errors = fields
            .check(Upload::File(b"not an image".to_vec()), ctx())
            .unwrap_err();
        for field in [
            "title",
            "source_url",
            "series",
            "themes",
            "action",
            "hero_image",
        ] {
            assert!(errors.get(field).is_some(), "no error for {field}");
        }
    }

    #[test]
    fn a_schedule_must_be_in_the_future_in_the_site_time_zone() {
        let mut fields = valid();
        fields.action = "schedule".into();
        fields.publish_at = "2020-01-01T10:00".into();
        assert_eq!(
            fields
                .check(Upload::None, ctx())
                .unwrap_err()
                .get("publish_at"),
            Some(FR.error_publish_at_past)
        );
        fields.publish_at = "demain".into();
        assert_eq!(
            fields
                .check(Upload::None, ctx())
                .unwrap_err()
                .get("publish_at"),
            Some(FR.error_publish_at_invalid)
        );
    }

    #[test]
    fn a_control_character_is_refused_in_the_field_that_holds_it() {
        let fields = ArticleFields {
            title: "Titre\0".into(),
            body: "Texte\u{1b}[0m".into(),
            ..valid()
        };
        let errors = fields.check(Upload::None, ctx()).unwrap_err();
        for field in ["title", "body"] {
            assert_eq!(errors.get(field), Some(FR.guards.control_characters));
        }
        assert_eq!(errors.get("summary"), None);
    }

    #[test]
    fn a_kept_hero_needs_its_alt_text() {
        let context = CheckContext {
            has_hero: true,
            ..ctx()
        };
        assert!(
            valid()
                .check(Upload::None, context)
                .unwrap_err()
                .get("hero_alt")
                .is_some()
        );
        let removing = ArticleFields {
            remove_hero: true,
            ..valid()
        };
        assert!(removing.check(Upload::None, context).is_ok());
    }
}
