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
    pub follow_title: &'static str,
    pub follow_text: &'static str,
    pub manage_title: &'static str,
    pub manage_text: &'static str,
    pub delete_title: &'static str,
    pub delete_text: &'static str,
}

/// French.
pub const FR: OldLinkMessages = OldLinkMessages {
    unsubscribe_dead_title: "Lien de désabonnement non valide",
    unsubscribe_dead_text: "Ce lien de désabonnement de l’ancien site n’est pas (ou plus) valide\u{a0}: rien n’a changé. Pour ne plus recevoir les e-mails d’une discussion, ouvrez le lien «\u{a0}Ne plus la suivre\u{a0}» au bas d’un e-mail de notification reçu d’ici, ou le lien «\u{a0}Vos discussions suivies et préférences\u{a0}», qui les liste toutes.",
    confirm_title: "Adresse à confirmer de nouveau",
    confirm_text: "Ce lien de confirmation de l’ancien site ne vaut plus ici\u{a0}: rien n’a été activé. Pour suivre une discussion, abonnez-vous de nouveau depuis l’article\u{202f}; un e-mail vous demandera de confirmer votre adresse.",
    follow_title: "On ne suit plus un membre ici",
    follow_text: "Ce lien de l’ancien site servait à suivre un membre (ou à cesser de le suivre)\u{a0}: ici, rien n’a été fait et vous ne recevrez aucun e-mail au sujet de ce membre. Sur ce site, on suit une discussion\u{a0}: ouvrez l’article et choisissez «\u{a0}Notification pour\u{a0}» sous les commentaires\u{202f}; un e-mail vous demandera de confirmer votre adresse.",
    manage_title: "Gérer vos abonnements",
    manage_text: "Cette page de l’ancien site n’existe plus\u{a0}: rien n’a changé. Ici, le lien «\u{a0}Vos discussions suivies et préférences\u{a0}», au bas de chaque e-mail de notification, ouvre la page qui liste les discussions que vous suivez et permet d’arrêter chacune d’un clic.",
    delete_title: "Effacer vos commentaires",
    delete_text: "Ce lien de l’ancien site ne supprime rien ici\u{a0}: aucun commentaire n’a été effacé. Pour effacer vos commentaires et vos données, ouvrez le lien «\u{a0}Vos discussions suivies et préférences\u{a0}» au bas d’un e-mail reçu d’ici\u{a0}: sa page permet d’exporter ou d’effacer vos données.",
};

/// English.
pub const EN: OldLinkMessages = OldLinkMessages {
    unsubscribe_dead_title: "Invalid unsubscribe link",
    unsubscribe_dead_text: "This unsubscribe link from the former site is not (or no longer) valid: nothing changed. To receive no more email about a discussion, open the “Stop following it” link at the bottom of a notification email sent from here, or the “Your followed discussions and preferences” link, which lists them all.",
    confirm_title: "Confirm your address again",
    confirm_text: "This confirmation link from the former site no longer works here: nothing was activated. To follow a discussion, subscribe again from the article; an email will ask you to confirm your address.",
    follow_title: "Members are not followed here",
    follow_text: "This link from the former site followed a member (or stopped following them): nothing was done here and you will get no email about that member. On this site you follow a discussion: open the article and choose “Notify me of” below the comments; an email will ask you to confirm your address.",
    manage_title: "Manage your subscriptions",
    manage_text: "This page of the former site is gone: nothing changed. Here, the “Your followed discussions and preferences” link at the bottom of every notification email opens the page that lists the discussions you follow and stops each in one click.",
    delete_title: "Erase your comments",
    delete_text: "This link from the former site erases nothing here: no comment was deleted. To erase your comments and your data, open the “Your followed discussions and preferences” link at the bottom of an email sent from here: its page exports or erases your data.",
};
