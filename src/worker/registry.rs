//! The one list of job types the worker runs: the composition root of the job queue. A job
//! type missing here fails for good with "unknown job kind", so every kind ever queued stays.

use crate::articles::published_event::ArticlePublished;
use crate::comments::notifications::author_digest::PendingDigest;
use crate::comments::notifications::author_notice::PendingNotice;
use crate::comments::notifications::reader_mail::NotifyReader;
use crate::comments::notifications::readers::FanOut;
use crate::import::admin::job::RunImport;
use crate::jobs::JobRegistry;
use crate::newsletter::automatic::announce::Announcement;
use crate::newsletter::automatic::digest::DigestDue;
use crate::newsletter::compose::test_send::TestSend;
use crate::readers::emails::{SendConfirmation, SendWelcome};
use crate::worker::missed::MissedSchedule;

/// Every job type, registered.
pub fn job_registry() -> JobRegistry {
    JobRegistry::default()
        .register::<ArticlePublished>()
        .register::<SendConfirmation>()
        .register::<SendWelcome>()
        .register::<PendingNotice>()
        .register::<PendingDigest>()
        .register::<FanOut>()
        .register::<NotifyReader>()
        .register::<Announcement>()
        .register::<DigestDue>()
        .register::<TestSend>()
        .register::<MissedSchedule>()
        .register::<RunImport>()
}

#[cfg(test)]
mod tests {
    use super::job_registry;

    /// The kinds stored in queues today: rows already queued under them must still run.
    const STORED_KINDS: [&str; 12] = [
        "article.published",
        "comments.digest",
        "comments.fan_out",
        "comments.pending",
        "comments.pending_digest",
        "import.wordpress",
        "newsletter.confirm",
        "newsletter.digest",
        "newsletter.new_article",
        "newsletter.test",
        "newsletter.welcome",
        "schedule.missed",
    ];

    #[test]
    fn every_stored_kind_is_registered_once() {
        let kinds: Vec<_> = job_registry().kinds().collect();
        assert_eq!(kinds, STORED_KINDS);
    }
}
