//! The public forms as a reader's browser sends them: the page is read first (for the form's
//! stamp, and the cookies it sets), then the form is posted from the same browser.

use reqwest::header::LOCATION;
use reqwest::{Client, Response};

use crate::support::{TestApp, csrf_token_named};

/// Léa's comment unless the fields given say otherwise.
const GUEST: [(&str, &str); 3] = [
    ("author_name", "Léa"),
    ("author_email", "lea@example.org"),
    ("body", "Très bonne analyse."),
];

/// Reads `path` from `client` and returns the stamp of its public forms.
async fn stamp_of(app: &TestApp, client: &Client, path: &str) -> String {
    let page = client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("GET the form's page")
        .text()
        .await
        .expect("the page's body");
    csrf_token_named(&page, "form_ts")
}

/// `fields` over `defaults`, each field sent once.
fn merged<'a>(
    defaults: &[(&'a str, &'a str)],
    fields: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<_> = defaults
        .iter()
        .filter(|(key, _)| !fields.iter().any(|(k, _)| k == key))
        .copied()
        .collect();
    form.extend_from_slice(fields);
    form
}

/// Posts a guest comment on the article `slug` from the browser `client`: Léa's, with a short
/// text, for every field `fields` leave out.
pub async fn post_comment(
    app: &TestApp,
    client: &Client,
    slug: &str,
    fields: &[(&str, &str)],
) -> Response {
    let path = format!("/articles/{slug}");
    let stamp = stamp_of(app, client, &path).await;
    let mut defaults = GUEST.to_vec();
    defaults.push(("form_ts", stamp.as_str()));
    let form = merged(&defaults, fields);
    client
        .post(format!("{}{path}/comments", app.address))
        .form(&form)
        .send()
        .await
        .expect("POST the comment")
}

/// The id of the comment a comment form's redirect leads to (`…#comment-{id}`).
pub fn comment_id(response: &Response) -> i64 {
    let location = response.headers()[LOCATION].to_str().expect("a location");
    location
        .rsplit_once("#comment-")
        .and_then(|(_, id)| id.parse().ok())
        .unwrap_or_else(|| panic!("no comment in {location}"))
}

/// Posts the newsletter signup of `email` from the browser `client`, with `extra` fields.
pub async fn sign_up(
    app: &TestApp,
    client: &Client,
    email: &str,
    extra: &[(&str, &str)],
) -> Response {
    let stamp = stamp_of(app, client, "/newsletter").await;
    let form = merged(&[("email", email), ("form_ts", stamp.as_str())], extra);
    client
        .post(format!("{}/newsletter", app.address))
        .form(&form)
        .send()
        .await
        .expect("POST the signup")
}
