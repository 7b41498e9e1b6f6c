//! The strings of the pages that answer the links wpDiscuz mailed before the move to Sillage,
//! one table per language, reached from the main tables as `t.old_links`.

/// The old-link page strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the interface"
)]
pub struct OldLinkMessages {
    pub unsubscribe_dead_title: &'static str,
    pub unsubscribe_dead_text: &'static str,
    pub confirm_title: &'static str,
    pub confirm_text: &'static str,
}

/// French.
pub const FR: OldLinkMessages = OldLinkMessages {
    unsubscribe_dead_title: "Lien de désabonnement non valide",
    unsubscribe_dead_text: "Ce lien de désabonnement de l’ancien site n’est pas (ou plus) valide : rien n’a changé. Pour ne plus recevoir les e-mails d’une discussion, ouvrez le lien « Ne plus la suivre » au bas d’un e-mail de notification reçu d’ici, ou le lien « Vos discussions suivies et préférences », qui les liste toutes.",
    confirm_title: "Adresse à confirmer de nouveau",
    confirm_text: "Ce lien de confirmation de l’ancien site ne vaut plus ici : rien n’a été activé. Pour suivre une discussion, abonnez-vous de nouveau depuis l’article ; un e-mail vous demandera de confirmer votre adresse.",
};

/// English.
pub const EN: OldLinkMessages = OldLinkMessages {
    unsubscribe_dead_title: "Invalid unsubscribe link",
    unsubscribe_dead_text: "This unsubscribe link from the former site is not (or no longer) valid: nothing changed. To receive no more email about a discussion, open the “Stop following it” link at the bottom of a notification email sent from here, or the “Your followed discussions and preferences” link, which lists them all.",
    confirm_title: "Confirm your address again",
    confirm_text: "This confirmation link from the former site no longer works here: nothing was activated. To follow a discussion, subscribe again from the article; an email will ask you to confirm your address.",
};
