//! A send followed live: `GET /admin/newsletters/{id}/progress` answers where the send stands
//! and its counts from the delivery ledger as JSON, with the sentence the page shows, for the
//! script that keeps the newsletter's page up to date while the send is scheduled or running.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::i18n::Messages;
use crate::i18n::sending::SendingMessages;
use crate::newsletter::model::{Newsletter, Progress, SendStatus};
use crate::web::layout::PageContext;

/// Where a send stands, as the page shows it and the JSON view answers it.
#[derive(Debug, Clone, Serialize)]
pub struct LiveProgress {
    /// [`SendStatus::code`].
    pub status: &'static str,
    /// The status in words.
    pub label: &'static str,
    /// Whether the worker still moves it on: the page keeps asking.
    pub live: bool,
    /// Recipients in the ledger.
    pub planned: i64,
    /// Accepted by the SMTP server.
    pub sent: i64,
    /// Refused for good.
    pub failed: i64,
    /// Still to send.
    pub pending: i64,
    /// Not sent: unsubscribed since, or cancelled.
    pub skipped: i64,
    /// Deliveries finished one way or another: the bar's value.
    pub done: i64,
    /// The bar's maximum (at least 1: a `<progress>` needs a positive one).
    pub max: i64,
    /// The counts in one sentence.
    pub summary: String,
}

impl LiveProgress {
    /// The progress of `newsletter` at `now`, given its ledger's figures.
    pub fn of(
        newsletter: &Newsletter,
        progress: &Progress,
        t: &'static Messages,
        now: DateTime<Utc>,
    ) -> Self {
        let status = newsletter.status(progress, now);
        Self::from_parts(status, progress, t)
    }

    fn from_parts(status: SendStatus, progress: &Progress, t: &'static Messages) -> Self {
        Self {
            status: status.code(),
            label: status.label(t),
            live: status.is_live(),
            planned: progress.planned,
            sent: progress.sent,
            failed: progress.failed,
            pending: progress.pending,
            skipped: progress.skipped,
            done: progress.planned - progress.pending,
            max: progress.planned.max(1),
            summary: summary(&t.sending, progress),
        }
    }
}

/// "3 messages envoyés sur 10, 1 en échec, 6 en attente." (the skipped only when there are
/// some), or that the send has not started while its ledger is empty.
pub fn summary(t: &SendingMessages, progress: &Progress) -> String {
    if progress.planned == 0 {
        return t.not_started.to_owned();
    }
    // French and English alike: 0 and 1 take the singular.
    let counted = |n: i64, one: &str, many: &str| {
        if n <= 1 { one } else { many }.replace("{n}", &n.to_string())
    };
    let mut parts = vec![
        counted(progress.sent, t.sent_one, t.sent_many)
            .replace("{planned}", &progress.planned.to_string()),
        t.failed.replace("{n}", &progress.failed.to_string()),
        t.pending.replace("{n}", &progress.pending.to_string()),
    ];
    if progress.skipped > 0 {
        parts.push(counted(progress.skipped, t.skipped_one, t.skipped_many));
    }
    format!("{}.", parts.join(", "))
}

/// `GET /admin/newsletters/{id}/progress`: 200 with a [`LiveProgress`]; 404 for an unknown
/// newsletter; 403 without a session (a script's request is refused, not sent to the login
/// page).
pub async fn show_progress(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: Result<AuthorSession, AppError>,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    match session {
        Ok(_) => {}
        Err(AppError::LoginRequired(_)) => return Err(AppError::Forbidden("no author session")),
        Err(other) => return Err(other),
    }
    let mut conn = pool.get().await?;
    let newsletter = Newsletter::by_id(&mut conn, *id).await?;
    let progress = Newsletter::progress(&mut conn, newsletter.id).await?;
    let live = LiveProgress::of(&newsletter, &progress, ctx.t(), Utc::now());
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(live))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    fn progress(planned: i64, sent: i64, failed: i64, skipped: i64) -> Progress {
        Progress {
            planned,
            sent,
            failed,
            pending: planned - sent - failed - skipped,
            skipped,
        }
    }

    #[test]
    fn the_summary_says_each_count_in_words_with_its_plural() {
        let (fr, en) = (
            &Locale::Fr.messages().sending,
            &Locale::En.messages().sending,
        );
        assert_eq!(
            summary(fr, &progress(10, 3, 1, 0)),
            "3 messages envoyés sur 10, 1 en échec, 6 en attente."
        );
        let few = progress(3, 1, 0, 2);
        assert_eq!(
            summary(fr, &few),
            "1 message envoyé sur 3, 0 en échec, 0 en attente, 2 ignorés."
        );
        assert_eq!(
            summary(en, &few),
            "1 message sent of 3, 0 failed, 0 waiting, 2 skipped."
        );
    }

    #[test]
    fn an_empty_ledger_says_the_send_has_not_started() {
        let t = Locale::Fr.messages();
        let live = LiveProgress::from_parts(SendStatus::Scheduled, &Progress::default(), t);
        assert_eq!(live.summary, "L’envoi n’a pas encore commencé.");
        assert_eq!((live.status, live.live, live.max), ("scheduled", true, 1));
    }

    #[test]
    fn a_finished_send_is_no_longer_live_and_its_bar_is_full() {
        let t = Locale::Fr.messages();
        let live = LiveProgress::from_parts(SendStatus::Sent, &progress(4, 3, 1, 0), t);
        assert_eq!((live.label, live.live), ("Envoyée", false));
        assert_eq!((live.done, live.max), (4, 4));
    }
}
