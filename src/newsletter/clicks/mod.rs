//! Counted link clicks of a newsletter, when the author turns them on
//! (`analytics.newsletter_clicks`): at send time its links become signed redirects
//! `GET /n/{token}` whose token names the send and the link, never the reader; each followed
//! redirect adds one to that link's count and answers 302 to the link. A token that was not
//! signed here leads to the "not found" page, never elsewhere.

pub mod redirect;
pub mod rewrite;
pub mod store;

use diesel_async::AsyncPgConnection;

use crate::mail::link_key::LinkKey;
use crate::newsletter::model::Newsletter;

/// The scope of click tokens, so that no other link's token opens a redirect.
const SCOPE: &str = "click";

/// The token of link `index` of send `newsletter_id`: `{index}.{send}.{signature}`.
pub fn token(key: &LinkKey, newsletter_id: i64, index: usize) -> String {
    let index = u32::try_from(index).unwrap_or(u32::MAX);
    format!(
        "{index}.{}",
        key.scoped_token(SCOPE, newsletter_id, &index.to_be_bytes())
    )
}

/// The send and link a token names, if it was signed with `key`.
pub fn verify(key: &LinkKey, token: &str) -> Option<(i64, i32)> {
    let (index, signed) = token.split_once('.')?;
    let index: u32 = index.parse().ok()?;
    let send = LinkKey::claimed_reader(signed)?;
    key.verify_scoped(SCOPE, signed, &index.to_be_bytes())
        .then_some((send, i32::try_from(index).ok()?))
}

/// `newsletter` with the links of its bodies swapped for their redirects under `base_url`,
/// the links recorded for the send (again on each batch: the same links, kept once).
pub async fn track_links(
    conn: &mut AsyncPgConnection,
    key: &LinkKey,
    base_url: &str,
    mut newsletter: Newsletter,
) -> diesel::QueryResult<Newsletter> {
    let id = newsletter.id;
    let redirect = |index| format!("{base_url}/n/{}", token(key, id, index));
    let (html, links) = rewrite::rewrite_html(&newsletter.body_html, redirect);
    newsletter.body_text = rewrite::rewrite_text(&newsletter.body_text, &links, redirect);
    newsletter.body_html = html;
    store::record_links(conn, id, &links).await?;
    Ok(newsletter)
}

#[cfg(test)]
mod tests {
    use super::{token, verify};
    use crate::mail::link_key::LinkKey;

    #[test]
    fn a_token_opens_its_own_link_only() {
        let key = LinkKey::new(vec![7; 32]);
        let signed = token(&key, 42, 3);
        assert_eq!(verify(&key, &signed), Some((42, 3)));
        assert_eq!(verify(&key, &signed.replacen("3.", "4.", 1)), None);
        assert_eq!(verify(&key, &signed.replacen(".42.", ".43.", 1)), None);
        assert_eq!(verify(&LinkKey::new(vec![8; 32]), &signed), None);
        for bad in ["", "3", "3.42", "x.42.abc", "-1.42.abc", "3.42.!!"] {
            assert_eq!(verify(&key, bad), None, "{bad}");
        }
        let reader_link = key.token(42, &3u32.to_be_bytes());
        assert_eq!(verify(&key, &format!("3.{reader_link}")), None);
    }
}
