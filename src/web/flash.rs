//! One-shot messages shown after a redirect ("Article publié."). The cookie carries a code from
//! a closed list, never text, so it cannot inject anything into a page.

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, body::MessageBody, http::header};

use crate::i18n::Messages;

/// The cookie of the message waiting for the next page.
pub const COOKIE: &str = "sillage_flash";

/// The messages that can follow a redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flash {
    /// A draft was saved.
    Saved,
    /// An article went live.
    Published,
    /// An article was scheduled.
    Scheduled,
    /// An article was deleted.
    Deleted,
    /// The author just logged in or created the account.
    Welcome,
    /// The author logged out.
    LoggedOut,
    /// Every session of the author was ended.
    LoggedOutEverywhere,
    /// The password changed and every session ended.
    PasswordChanged,
    /// A reader's rating was recorded.
    Rated,
    /// A comment waits for moderation.
    CommentPending,
    /// A comment is published.
    CommentPublished,
    /// A follow of an article's comments waits for the confirmation link just sent.
    FollowRequested,
    /// A follow of an article's comments is active.
    FollowActive,
    /// A follow waits for a confirmation link sent minutes ago.
    FollowLinkRecent,
    /// A follow waits, and no link can leave today.
    FollowLinkLimit,
    /// A newsletter was saved.
    NewsletterSaved,
    /// A newsletter send started.
    SendStarted,
    /// A newsletter send was scheduled.
    SendScheduled,
    /// A newsletter send was paused.
    SendPaused,
    /// A newsletter send was resumed.
    SendResumed,
    /// A newsletter send was cancelled.
    SendCancelled,
    /// A test of a newsletter was queued to the author.
    TestSent,
    /// A test was refused: the previous one is too recent.
    TestTooSoon,
    /// A subscriber was added (consented elsewhere).
    SubscriberAdded,
    /// A subscriber was added and sent a confirmation.
    ConfirmationSent,
    /// A subscriber was erased.
    SubscriberDeleted,
    /// The welcome email was saved or reset.
    WelcomeSaved,
    /// A comment was edited from the inbox.
    CommentEdited,
    /// Comments were moved to another tab of the inbox.
    CommentsMoved,
    /// Comments were deleted for good.
    CommentsDeleted,
    /// A comment's sender was blocked.
    SenderBlocked,
    /// A block was added.
    BlockAdded,
    /// A block was removed.
    BlockRemoved,
    /// The automatic sends' settings were saved.
    AutomaticSaved,
    /// A failed background job was put back in the queue.
    JobRequeued,
    /// A library image's words were saved.
    MediaSaved,
    /// A library image's file was replaced.
    MediaReplaced,
    /// A library image was deleted.
    MediaDeleted,
}

const ALL: [(Flash, &str); 38] = [
    (Flash::Saved, "saved"),
    (Flash::Published, "published"),
    (Flash::Scheduled, "scheduled"),
    (Flash::Deleted, "deleted"),
    (Flash::Welcome, "welcome"),
    (Flash::LoggedOut, "logged-out"),
    (Flash::LoggedOutEverywhere, "logged-out-everywhere"),
    (Flash::PasswordChanged, "password-changed"),
    (Flash::Rated, "rated"),
    (Flash::CommentPending, "comment-pending"),
    (Flash::CommentPublished, "comment-published"),
    (Flash::FollowRequested, "follow-requested"),
    (Flash::FollowActive, "follow-active"),
    (Flash::FollowLinkRecent, "follow-link-recent"),
    (Flash::FollowLinkLimit, "follow-link-limit"),
    (Flash::NewsletterSaved, "newsletter-saved"),
    (Flash::SendStarted, "send-started"),
    (Flash::SendScheduled, "send-scheduled"),
    (Flash::SendPaused, "send-paused"),
    (Flash::SendResumed, "send-resumed"),
    (Flash::SendCancelled, "send-cancelled"),
    (Flash::TestSent, "test-sent"),
    (Flash::TestTooSoon, "test-too-soon"),
    (Flash::SubscriberAdded, "subscriber-added"),
    (Flash::ConfirmationSent, "confirmation-sent"),
    (Flash::SubscriberDeleted, "subscriber-deleted"),
    (Flash::WelcomeSaved, "welcome-saved"),
    (Flash::CommentEdited, "comment-edited"),
    (Flash::CommentsMoved, "comments-moved"),
    (Flash::CommentsDeleted, "comments-deleted"),
    (Flash::SenderBlocked, "sender-blocked"),
    (Flash::BlockAdded, "block-added"),
    (Flash::BlockRemoved, "block-removed"),
    (Flash::AutomaticSaved, "automatic-saved"),
    (Flash::JobRequeued, "job-requeued"),
    (Flash::MediaSaved, "media-saved"),
    (Flash::MediaReplaced, "media-replaced"),
    (Flash::MediaDeleted, "media-deleted"),
];

impl Flash {
    /// The message in the interface's language.
    pub fn message(self, t: &Messages) -> &'static str {
        match self {
            Flash::Saved => t.flash_saved,
            Flash::Published => t.flash_published,
            Flash::Scheduled => t.flash_scheduled,
            Flash::Deleted => t.flash_deleted,
            Flash::Welcome => t.flash_welcome,
            Flash::LoggedOut => t.flash_logged_out,
            Flash::LoggedOutEverywhere => t.flash_logged_out_everywhere,
            Flash::PasswordChanged => t.flash_password_changed,
            Flash::Rated => t.rating_thanks,
            Flash::CommentPending => t.flash_comment_pending,
            Flash::CommentPublished => t.flash_comment_published,
            Flash::FollowRequested => t.readers.follow_sent,
            Flash::FollowActive => t.readers.follow_active,
            Flash::FollowLinkRecent => t.readers.follow_recent,
            Flash::FollowLinkLimit => t.readers.follow_daily_limit,
            Flash::NewsletterSaved => t.flash_newsletter_saved,
            Flash::SendStarted => t.flash_send_started,
            Flash::SendScheduled => t.flash_send_scheduled,
            Flash::SendPaused => t.flash_send_paused,
            Flash::SendResumed => t.flash_send_resumed,
            Flash::SendCancelled => t.flash_send_cancelled,
            Flash::TestSent => t.flash_test_sent,
            Flash::TestTooSoon => t.flash_test_too_soon,
            Flash::SubscriberAdded => t.subscribers.flash_added,
            Flash::ConfirmationSent => t.subscribers.flash_confirmation_sent,
            Flash::SubscriberDeleted => t.subscribers.flash_deleted,
            Flash::WelcomeSaved => t.subscribers.flash_welcome_saved,
            Flash::CommentEdited => t.moderation.flash_edited,
            Flash::CommentsMoved => t.moderation.flash_moved,
            Flash::CommentsDeleted => t.moderation.flash_deleted,
            Flash::SenderBlocked => t.moderation.flash_sender_blocked,
            Flash::BlockAdded => t.moderation.flash_block_added,
            Flash::BlockRemoved => t.moderation.flash_block_removed,
            Flash::AutomaticSaved => t.automatic.flash_saved,
            Flash::JobRequeued => t.jobs.flash_requeued,
            Flash::MediaSaved => t.media.flash_saved,
            Flash::MediaReplaced => t.media.flash_replaced,
            Flash::MediaDeleted => t.media.flash_deleted,
        }
    }

    /// Whether this is the answer to a follow, shown beside the follow bar rather than atop.
    pub fn answers_follow(self) -> bool {
        matches!(
            self,
            Flash::FollowRequested
                | Flash::FollowActive
                | Flash::FollowLinkRecent
                | Flash::FollowLinkLimit
        )
    }

    fn code(self) -> &'static str {
        ALL.iter()
            .find(|(f, _)| *f == self)
            .map(|(_, c)| *c)
            .unwrap_or("saved")
    }

    /// The message waiting for this request, if any.
    pub fn from_request(req: &HttpRequest) -> Option<Self> {
        let cookie = req.cookie(COOKIE)?;
        ALL.iter()
            .find(|(_, c)| *c == cookie.value())
            .map(|(f, _)| *f)
    }
}

/// A 303 to `location` that shows `flash` on the next page.
pub fn redirect_with(location: &str, flash: Flash) -> HttpResponse {
    let cookie = Cookie::build(COOKIE, flash.code())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(Duration::minutes(5))
        .finish();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .cookie(cookie)
        .finish()
}

/// Middleware: a flash message is shown once; the page that showed it removes the cookie.
pub async fn clear_shown(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let had_flash = req.cookie(COOKIE).is_some();
    let mut response = next.call(req).await?;
    let sets_flash = response
        .response()
        .cookies()
        .any(|cookie| cookie.name() == COOKIE);
    let is_page = response.status().is_success();
    if had_flash && !sets_flash && is_page {
        let mut removal = Cookie::build(COOKIE, "").path("/").finish();
        removal.make_removal();
        response.response_mut().add_cookie(&removal)?;
    }
    Ok(response)
}
