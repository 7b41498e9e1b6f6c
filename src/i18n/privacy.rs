//! The strings of the privacy page and its footer link, one table per language, reached from
//! the main tables as `t.privacy`.

/// The privacy page's strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the interface"
)]
pub struct PrivacyMessages {
    pub title: &'static str,
    pub intro: &'static str,
    pub counted_title: &'static str,
    pub counted: &'static str,
    pub visitors: &'static str,
    pub sources: &'static str,
    pub not_counted: &'static str,
    pub kept_title: &'static str,
    pub kept: &'static str,
    pub forms_title: &'static str,
    pub forms: &'static str,
    pub newsletter: &'static str,
    pub clicks: &'static str,
    pub rights_title: &'static str,
    pub rights: &'static str,
}

/// French.
pub const FR: PrivacyMessages = PrivacyMessages {
    title: "Confidentialité",
    intro: "Ce site compte ses lectures lui-même, sur son propre serveur\u{a0}: aucun cookie de mesure, aucun script ni service tiers, aucune donnée confiée à quiconque.",
    counted_title: "Ce qui est compté",
    counted: "Chaque page lue compte une vue, par page et par jour. Les robots, les préchargements du navigateur et les requêtes sans contenu ne comptent pas.",
    visitors: "Le nombre de visiteurs d’un jour est estimé par une empreinte de votre adresse réseau tronquée et de votre navigateur, calculée sous une clé qui change chaque jour puis est effacée\u{a0}: personne, pas même l’auteur, ne peut reconnaître un lecteur d’un jour à l’autre.",
    sources: "De la page d’où vous venez, seul le nom du site est gardé (et la campagne d’un lien, comme utm_source)\u{202f}; les moteurs de recherche, réseaux sociaux, lecteurs de flux et newsletters sont regroupés.",
    not_counted: "Aucune adresse, aucun navigateur ni aucun identifiant n’est enregistré avec une vue.",
    kept_title: "Ce qui est conservé",
    kept: "Seuls les totaux par page et par jour sont gardés. Les empreintes d’un jour et leur clé sont effacées dès le lendemain.",
    forms_title: "Ce que vos formulaires disent",
    forms: "Un abonnement à la newsletter retient l’article dont la page portait le formulaire\u{202f}; un suivi de discussion, un commentaire et une évaluation appartiennent à leur article. Cela permet de savoir ce qu’un article a apporté, sans suivre personne.",
    newsletter: "Les liens de désabonnement d’une newsletter indiquent de quel envoi ils viennent. Aucune ouverture n’est mesurée\u{a0}: pas de pixel espion.",
    clicks: "Les liens d’une newsletter passent par une adresse du site qui compte combien de fois chaque lien de chaque envoi a été suivi, puis mène au lien\u{202f}; elle ne dit pas qui a cliqué.",
    rights_title: "Vos droits",
    rights: "Depuis la page de préférences dont le lien figure dans chaque e-mail, vous pouvez exporter ou effacer vos données à tout moment.",
};

/// English.
pub const EN: PrivacyMessages = PrivacyMessages {
    title: "Privacy",
    intro: "This site counts its readers itself, on its own server: no measuring cookie, no third-party script or service, no data handed to anyone.",
    counted_title: "What is counted",
    counted: "Each page read counts one view, per page and per day. Robots, browser prefetches and requests without content do not count.",
    visitors: "A day's visitors are estimated from a fingerprint of your truncated network address and browser, made under a key that changes every day and is then erased: no one, not even the author, can recognise a reader from one day to the next.",
    sources: "Of the page you came from, only the site's name is kept (and a link's campaign, such as utm_source); search engines, social networks, feed readers and newsletters are grouped.",
    not_counted: "No address, browser or identifier is recorded with a view.",
    kept_title: "What is kept",
    kept: "Only the totals per page and per day are kept. A day's fingerprints and their key are erased the next day.",
    forms_title: "What your forms say",
    forms: "A newsletter subscription keeps the article whose page held the form; a thread follow, a comment and a rating belong to their article. This tells what an article brought, without following anyone.",
    newsletter: "A newsletter's unsubscribe links say which send they came with. No opens are measured: no tracking pixel.",
    clicks: "A newsletter's links go through an address of the site that counts how many times each link of each send was followed, then leads to the link; it does not say who clicked.",
    rights_title: "Your rights",
    rights: "From the preferences page linked in every email, you can export or erase your data at any time.",
};
