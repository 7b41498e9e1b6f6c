//! The strings of the guards at the edge (control characters, oversized images, expired forms,
//! throttled password changes), one table per language, reached from the main tables as
//! `t.guards`.

/// The guards' strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the interface"
)]
pub struct GuardMessages {
    pub control_characters: &'static str,
    pub image_too_many_pixels: &'static str,
    pub form_expired: &'static str,
    pub password_throttled: &'static str,
}

/// French.
pub const FR: GuardMessages = GuardMessages {
    control_characters: "Ce champ contient un caractère de contrôle invisible\u{a0}: retirez-le.",
    image_too_many_pixels: "Cette image compte trop de pixels pour être traitée\u{a0}: réduisez ses dimensions, puis envoyez-la de nouveau.",
    form_expired: "Ce formulaire a expiré\u{a0}: vérifiez votre texte, puis envoyez-le de nouveau.",
    password_throttled: "Trop de tentatives avec un mot de passe faux. Réessayez dans quelques minutes.",
};

/// English.
pub const EN: GuardMessages = GuardMessages {
    control_characters: "This field holds an invisible control character: remove it.",
    image_too_many_pixels: "This image has too many pixels to be processed: make it smaller, then send it again.",
    form_expired: "This form has expired: check your text, then send it again.",
    password_throttled: "Too many attempts with a wrong password. Try again in a few minutes.",
};
