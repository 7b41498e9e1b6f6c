//! The strings of the pages a test newsletter's links open, one table per language, reached
//! from the main tables as `t.test_links`.

/// The test links' strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the interface"
)]
pub struct TestLinkMessages {
    pub title: &'static str,
    pub preferences: &'static str,
    pub unsubscribe: &'static str,
}

/// French.
pub const FR: TestLinkMessages = TestLinkMessages {
    title: "Lien d’une lettre de test",
    preferences: "Cette lettre était un test, envoyé à l’auteur. Dans la lettre que reçoivent les abonnés, ce lien ouvre les préférences du lecteur\u{a0}: ses thèmes, son désabonnement, ses données. Rien n’a été modifié.",
    unsubscribe: "Cette lettre était un test, envoyé à l’auteur. Dans la lettre que reçoivent les abonnés, ce lien désabonne le lecteur en un clic. Personne n’a été désabonné.",
};

/// English.
pub const EN: TestLinkMessages = TestLinkMessages {
    title: "Link of a test newsletter",
    preferences: "This newsletter was a test, sent to the author. In the newsletter subscribers receive, this link opens the reader's preferences: their themes, unsubscribing, their data. Nothing was changed.",
    unsubscribe: "This newsletter was a test, sent to the author. In the newsletter subscribers receive, this link unsubscribes the reader in one click. Nobody was unsubscribed.",
};
