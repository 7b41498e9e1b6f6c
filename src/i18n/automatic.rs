//! The strings of the automatic sends (their settings page, the digest's text and the
//! newsletters' label), one table per language, reached from the main tables as `t.automatic`.

/// The automatic sends' strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the interface"
)]
pub struct AutomaticMessages {
    pub title: &'static str,
    pub link: &'static str,
    pub help: &'static str,
    pub label: &'static str,
    pub new_article_legend: &'static str,
    pub new_article_on: &'static str,
    pub new_article_hint: &'static str,
    pub digest_legend: &'static str,
    pub digest_on: &'static str,
    pub digest_hint: &'static str,
    pub digest_day: &'static str,
    pub digest_hour: &'static str,
    pub digest_next: &'static str,
    pub days: [&'static str; 7],
    pub error_toggle: &'static str,
    pub error_day: &'static str,
    pub error_hour: &'static str,
    pub flash_saved: &'static str,
    pub digest_title: &'static str,
    pub digest_lead: &'static str,
}

/// French.
pub const FR: AutomaticMessages = AutomaticMessages {
    title: "Envois automatiques",
    link: "Envois automatiques…",
    help: "Chaque envoi automatique passe par le même chemin qu’un envoi programmé\u{a0}: il apparaît dans la liste des newsletters, avec sa progression.",
    label: "automatique",
    new_article_legend: "Nouvel article",
    new_article_on: "Annoncer chaque nouvel article aux abonnés de ses thèmes",
    new_article_hint: "Un article sans thème est annoncé à tous. Chaque article n’est annoncé qu’une fois, même dépublié puis republié.",
    digest_legend: "Récapitulatif de la semaine",
    digest_on: "Envoyer chaque semaine les articles publiés dans les sept jours précédents",
    digest_hint: "À tous les abonnés\u{202f}; rien n’est envoyé une semaine sans article.",
    digest_day: "Jour",
    digest_hour: "Heure",
    digest_next: "Prochain récapitulatif\u{a0}:",
    days: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    error_toggle: "Cochez la case ou laissez-la vide.",
    error_day: "Choisissez un jour de la semaine.",
    error_hour: "L’heure va de 0 à 23.",
    flash_saved: "Envois automatiques enregistrés.",
    digest_title: "Les articles de la semaine",
    digest_lead: "Voici ce qui a paru ces sept derniers jours.",
};

/// English.
pub const EN: AutomaticMessages = AutomaticMessages {
    title: "Automatic sends",
    link: "Automatic sends…",
    help: "Each automatic send takes the same path as a scheduled one: it shows in the list of newsletters, with its progress.",
    label: "automatic",
    new_article_legend: "New article",
    new_article_on: "Announce each new article to the subscribers of its themes",
    new_article_hint: "An article without a theme is announced to everyone. Each article is announced once, even if unpublished and published again.",
    digest_legend: "Weekly digest",
    digest_on: "Send every week the articles published in the seven days before",
    digest_hint: "To every subscriber; nothing goes out in a week without an article.",
    digest_day: "Day",
    digest_hour: "Hour",
    digest_next: "Next digest:",
    days: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    error_toggle: "Tick the box or leave it empty.",
    error_day: "Choose a day of the week.",
    error_hour: "The hour goes from 0 to 23.",
    flash_saved: "Automatic sends saved.",
    digest_title: "This week’s articles",
    digest_lead: "Here is what came out in the last seven days.",
};
