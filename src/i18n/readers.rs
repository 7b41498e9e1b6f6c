//! The strings of the answers a reader gets to a signup or a follow (each says what really
//! happened), one table per language, reached from the main tables as `t.readers`.

/// The reader answer strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the interface"
)]
pub struct ReaderMessages {
    pub signup_recent: &'static str,
    pub signup_daily_limit: &'static str,
    pub signup_subscribed: &'static str,
    pub signup_already: &'static str,
    pub follow_sent: &'static str,
    pub follow_active: &'static str,
    pub follow_recent: &'static str,
    pub follow_daily_limit: &'static str,
}

/// French.
pub const FR: ReaderMessages = ReaderMessages {
    signup_recent: "Un lien de confirmation est parti vers cette adresse il y a quelques minutes et n’a pas encore servi\u{a0}: il confirmera aussi cette inscription. S’il n’est pas arrivé, regardez dans les indésirables, puis réessayez un peu plus tard.",
    signup_daily_limit: "Cette adresse a reçu aujourd’hui tous les liens de confirmation permis\u{a0}: aucun nouveau lien n’est parti. Utilisez un lien déjà reçu, ou réessayez demain.",
    signup_subscribed: "C’est fait\u{a0}: votre abonnement est actif, et un e-mail de bienvenue est en route.",
    signup_already: "Cette adresse est déjà abonnée à la lettre\u{a0}: rien n’a changé, aucun e-mail n’est parti.",
    follow_sent: "C’est noté\u{a0}: un e-mail de confirmation vous attend. Ouvrez son lien pour suivre la discussion.",
    follow_active: "C’est fait\u{a0}: vous suivez cette discussion.",
    follow_recent: "Un lien de confirmation est parti vers cette adresse il y a quelques minutes et n’a pas encore servi\u{a0}: il confirmera aussi ce suivi.",
    follow_daily_limit: "Cette adresse a reçu aujourd’hui tous les liens de confirmation permis\u{a0}: aucun nouveau lien n’est parti. Utilisez un lien déjà reçu, ou réessayez demain.",
};

/// English.
pub const EN: ReaderMessages = ReaderMessages {
    signup_recent: "A confirmation link left for this address a few minutes ago and has not been used yet: it confirms this signup too. If it has not arrived, look in your spam folder, then try again a little later.",
    signup_daily_limit: "This address got every confirmation link allowed today: no new link left. Use a link you already received, or try again tomorrow.",
    signup_subscribed: "Done: your subscription is active, and a welcome email is on its way.",
    signup_already: "This address is already subscribed to the newsletter: nothing changed, no email left.",
    follow_sent: "Noted: a confirmation email awaits you. Open its link to follow the discussion.",
    follow_active: "Done: you follow this discussion.",
    follow_recent: "A confirmation link left for this address a few minutes ago and has not been used yet: it confirms this follow too.",
    follow_daily_limit: "This address got every confirmation link allowed today: no new link left. Use a link you already received, or try again tomorrow.",
};
