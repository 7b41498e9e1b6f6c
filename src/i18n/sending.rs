//! The strings of a send's live progress on the newsletter's page, one table per language,
//! reached from the main tables as `t.sending`.

/// The live progress strings; `{n}` is a count, `{planned}` the size of the send.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the interface"
)]
pub struct SendingMessages {
    pub not_started: &'static str,
    pub sent_one: &'static str,
    pub sent_many: &'static str,
    pub failed: &'static str,
    pub pending: &'static str,
    pub skipped_one: &'static str,
    pub skipped_many: &'static str,
    pub bar_label: &'static str,
    pub refresh: &'static str,
}

/// French.
pub const FR: SendingMessages = SendingMessages {
    not_started: "L’envoi n’a pas encore commencé.",
    sent_one: "{n} message envoyé sur {planned}",
    sent_many: "{n} messages envoyés sur {planned}",
    failed: "{n} en échec",
    pending: "{n} en attente",
    skipped_one: "{n} ignoré",
    skipped_many: "{n} ignorés",
    bar_label: "Part de l’envoi terminée",
    refresh: "Actualiser la progression",
};

/// English.
pub const EN: SendingMessages = SendingMessages {
    not_started: "The send has not started yet.",
    sent_one: "{n} message sent of {planned}",
    sent_many: "{n} messages sent of {planned}",
    failed: "{n} failed",
    pending: "{n} waiting",
    skipped_one: "{n} skipped",
    skipped_many: "{n} skipped",
    bar_label: "Share of the send finished",
    refresh: "Refresh the progress",
};
