//! The strings of the emails sent to readers and to the author, one table per language,
//! reached from the main tables as `t.emails`. Subjects live in the main tables.

/// The emails' strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the emails"
)]
pub struct EmailMessages {
    pub hello: &'static str,
    pub quote_open: &'static str,
    pub quote_close: &'static str,
    pub colon: &'static str,
    pub digest_one: &'static str,
    pub digest_many: &'static str,
    pub digest_on: &'static str,
    pub replied: &'static str,
    pub commented: &'static str,
    pub read_and_reply: &'static str,
    pub follow_why: &'static str,
    pub follow_stop: &'static str,
    pub follow_preferences: &'static str,
    pub pending_from: &'static str,
    pub pending_waits_on: &'static str,
    pub pending_one: &'static str,
    pub pending_many: &'static str,
    pub pending_on: &'static str,
    pub moderate: &'static str,
    pub confirm_lead: &'static str,
    pub confirm_action: &'static str,
    pub confirm_also_follows: &'static str,
    pub confirm_follow_lead: &'static str,
    pub confirm_follow_action: &'static str,
    pub confirm_address_lead: &'static str,
    pub confirm_address_action: &'static str,
    pub confirm_valid: &'static str,
    pub confirm_hours: &'static str,
    pub confirm_ignore: &'static str,
    pub welcome_preferences: &'static str,
    pub welcome_unsubscribe: &'static str,
}

/// French.
pub const FR: EmailMessages = EmailMessages {
    hello: "Bonjour",
    quote_open: "«\u{a0}",
    quote_close: "\u{a0}»",
    colon: "\u{a0}:",
    digest_one: "Du nouveau",
    digest_many: "nouveaux commentaires",
    digest_on: "sur",
    replied: "a répondu à votre commentaire",
    commented: "a commenté",
    read_and_reply: "Lire et répondre",
    follow_why: "Vous recevez cet e-mail parce que vous suivez cette discussion.",
    follow_stop: "Ne plus la suivre",
    follow_preferences: "Vos discussions suivies et préférences",
    pending_from: "Un commentaire de",
    pending_waits_on: "attend votre modération sur",
    pending_one: "Un commentaire attend votre modération",
    pending_many: "commentaires attendent votre modération",
    pending_on: "sur",
    moderate: "Approuver, répondre ou écarter",
    confirm_lead: "Pour confirmer votre abonnement à la newsletter, ouvrez ce lien puis appuyez \
                   sur le bouton «\u{a0}Confirmer\u{a0}».",
    confirm_action: "Confirmer mon abonnement",
    confirm_also_follows: "Le suivi des discussions que vous avez demandé sera activé en même temps.",
    confirm_follow_lead: "Pour suivre les nouveaux commentaires de {title}, ouvrez ce lien puis \
                          appuyez sur le bouton «\u{a0}Confirmer\u{a0}».",
    confirm_follow_action: "Confirmer le suivi",
    confirm_address_lead: "Pour confirmer votre adresse, ouvrez ce lien puis appuyez sur le bouton \
                           «\u{a0}Confirmer\u{a0}».",
    confirm_address_action: "Confirmer mon adresse",
    confirm_valid: "Ce lien est valable",
    confirm_hours: "heures",
    confirm_ignore: "Si vous n’avez rien demandé, ignorez ce message\u{a0}: sans confirmation, vous ne \
                     recevrez rien.",
    welcome_preferences: "Choisir vos thèmes, exporter ou effacer vos données",
    welcome_unsubscribe: "Vous désabonner en un clic",
};

/// English.
pub const EN: EmailMessages = EmailMessages {
    hello: "Hello",
    quote_open: "“",
    quote_close: "”",
    colon: ":",
    digest_one: "Something new",
    digest_many: "new comments",
    digest_on: "on",
    replied: "replied to your comment",
    commented: "commented",
    read_and_reply: "Read and reply",
    follow_why: "You receive this email because you follow this discussion.",
    follow_stop: "Stop following it",
    follow_preferences: "Your followed discussions and preferences",
    pending_from: "A comment by",
    pending_waits_on: "awaits your moderation on",
    pending_one: "One comment awaits your moderation",
    pending_many: "comments await your moderation",
    pending_on: "on",
    moderate: "Approve, reply or discard",
    confirm_lead: "To confirm your subscription to the newsletter, open this link, then press \
                   the “Confirm” button.",
    confirm_action: "Confirm my subscription",
    confirm_also_follows: "The discussions you asked to follow will be switched on at the same time.",
    confirm_follow_lead: "To follow the new comments on {title}, open this link, then press the \
                          “Confirm” button.",
    confirm_follow_action: "Confirm following",
    confirm_address_lead: "To confirm your address, open this link, then press the “Confirm” \
                           button.",
    confirm_address_action: "Confirm my address",
    confirm_valid: "This link is valid for",
    confirm_hours: "hours",
    confirm_ignore: "If you asked for nothing, ignore this message: without a confirmation, you \
                     will receive nothing.",
    welcome_preferences: "Choose your themes, export or erase your data",
    welcome_unsubscribe: "Unsubscribe in one click",
};
