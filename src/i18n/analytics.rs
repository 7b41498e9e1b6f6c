//! The strings of the audience section of the dashboard, one table per language, reached from
//! the main tables as `t.analytics`.

/// The audience strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the interface"
)]
pub struct AnalyticsMessages {
    pub title: &'static str,
    pub period: &'static str,
    pub days: &'static str,
    pub views: &'static str,
    pub visitors: &'static str,
    pub versus: &'static str,
    pub chart_title: &'static str,
    pub chart_summary: &'static str,
    pub day: &'static str,
    pub top_pages: &'static str,
    pub page: &'static str,
    pub top_sources: &'static str,
    pub source: &'static str,
    pub nothing: &'static str,
    pub privacy: &'static str,
    pub error_period: &'static str,
    pub group_search: &'static str,
    pub group_social: &'static str,
    pub group_feeds: &'static str,
    pub group_newsletter: &'static str,
    pub group_direct: &'static str,
}

/// French.
pub const FR: AnalyticsMessages = AnalyticsMessages {
    title: "Lecteurs",
    period: "Période",
    days: "{n} jours",
    views: "Pages vues",
    visitors: "Visiteurs",
    versus: "par rapport à la période précédente",
    chart_title: "Pages vues par jour",
    chart_summary: "{views} pages vues en {days} jours, au plus {max} en un jour.",
    day: "Jour",
    top_pages: "Pages les plus lues",
    page: "Page",
    top_sources: "Provenance",
    source: "Source",
    nothing: "Rien encore sur cette période.",
    privacy: "Comptés sur ce serveur, sans cookie ni adresse conservée\u{202f}; les robots ne comptent pas.",
    error_period: "Période inconnue\u{a0}: choisissez 30, 90 ou 365 jours.",
    group_search: "Moteurs de recherche",
    group_social: "Réseaux sociaux",
    group_feeds: "Lecteurs de flux",
    group_newsletter: "Newsletter et messagerie",
    group_direct: "Accès direct",
};

/// English.
pub const EN: AnalyticsMessages = AnalyticsMessages {
    title: "Readers",
    period: "Period",
    days: "{n} days",
    views: "Page views",
    visitors: "Visitors",
    versus: "compared with the period before",
    chart_title: "Page views per day",
    chart_summary: "{views} page views in {days} days, at most {max} in a day.",
    day: "Day",
    top_pages: "Most read pages",
    page: "Page",
    top_sources: "Sources",
    source: "Source",
    nothing: "Nothing yet in this period.",
    privacy: "Counted on this server, with no cookie and no address kept; robots do not count.",
    error_period: "Unknown period: choose 30, 90 or 365 days.",
    group_search: "Search engines",
    group_social: "Social networks",
    group_feeds: "Feed readers",
    group_newsletter: "Newsletter and email",
    group_direct: "Direct",
};
