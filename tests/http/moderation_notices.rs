//! The inbox answers each action on one comment: the page it lands on says what was done, with
//! an undo that puts the comment back in its tab while it is still where the action left it;
//! an answer links to itself; each pending comment's reply box is folded.

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::follows::{ARTICLE, app};
use crate::moderation::{guest_comment, id_of};
use crate::support::tools::assert_valid_html;
use crate::support::{TestApp, attrs, texts};

/// Posts `action` on comment `id` with the session's token; returns where it leads.
async fn act(app: &TestApp, id: i64, action: &str, extra: &[(&str, &str)]) -> String {
    let csrf = app.csrf().await;
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(extra);
    let response = app
        .post_form(&format!("/admin/comments/{id}/{action}"), &form)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{action}");
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

/// Whether comment `id` is in `status`, in the database.
async fn is_in(app: &TestApp, id: i64, status: &str) -> bool {
    app.count(&format!(
        "SELECT count(*) AS n FROM comments WHERE id = {id} AND status = '{status}'"
    ))
    .await
        == 1
}

#[tokio::test]
async fn each_action_says_what_it_did_and_its_undo_puts_the_comment_back() {
    let (app, _sink) = app().await;
    app.set_up_author().await;
    guest_comment(&app, ARTICLE, "lea@example.org", "Une question", None).await;
    let id = id_of(&app, "Une question").await;

    let landed = act(&app, id, "approve", &[]).await;
    assert_eq!(
        landed,
        format!("/admin/comments?status=pending&done=approve&comment={id}#moderated")
    );
    assert!(is_in(&app, id, "approved").await);
    let inbox = app.page(&landed).await;
    assert_eq!(texts(&inbox, "#moderated p"), ["Commentaire approuvé."]);
    assert_eq!(texts(&inbox, "#moderated button"), ["Annuler"]);
    assert_eq!(
        attrs(&inbox, "#moderated form", "action"),
        [format!("/admin/comments/{id}/undo")]
    );
    assert_eq!(
        attrs(&inbox, "#moderated input[name=to]", "value"),
        ["pending"]
    );
    assert_valid_html(&[inbox]);

    let undone = act(&app, id, "undo", &[("to", "pending")]).await;
    assert!(is_in(&app, id, "pending").await, "back in the pending tab");
    let inbox = app.page(&undone).await;
    assert_eq!(
        texts(&inbox, "#moderated p"),
        ["Action annulée : le commentaire est revenu dans cet onglet."]
    );
    assert!(
        texts(&inbox, "#moderated button").is_empty(),
        "no undo of an undo"
    );
    assert_eq!(texts(&inbox, ".inbox .comment__body"), ["Une question"]);

    for (action, said, tab) in [
        ("spam", "Commentaire classé indésirable.", "spam"),
        (
            "trash",
            "Commentaire mis à la corbeille : il y reste jusqu’à sa suppression définitive.",
            "trash",
        ),
    ] {
        let landed = act(&app, id, action, &[]).await;
        assert!(is_in(&app, id, tab).await, "{action}");
        let inbox = app.page(&landed).await;
        assert_eq!(texts(&inbox, "#moderated p"), [said]);
        act(&app, id, "undo", &[("to", "pending")]).await;
        assert!(is_in(&app, id, "pending").await, "{action} undone");
    }

    // The notice of an approval no longer offers its undo once the comment has moved on.
    let landed = act(&app, id, "approve", &[]).await;
    act(&app, id, "trash", &[]).await;
    let inbox = app.page(&landed).await;
    assert!(texts(&inbox, "#moderated button").is_empty(), "stale undo");
}

#[tokio::test]
async fn an_undo_with_a_bad_tab_a_bad_comment_or_no_token_changes_nothing() {
    let (app, _sink) = app().await;
    app.set_up_author().await;
    guest_comment(&app, ARTICLE, "lea@example.org", "Une question", None).await;
    let id = id_of(&app, "Une question").await;
    act(&app, id, "approve", &[]).await;
    let csrf = app.csrf().await;
    let cases = [
        (
            id,
            vec![("csrf_token", csrf.as_str()), ("to", "published")],
            StatusCode::BAD_REQUEST,
        ),
        (
            id,
            vec![("csrf_token", csrf.as_str())],
            StatusCode::BAD_REQUEST,
        ),
        (
            id,
            vec![("csrf_token", "forged"), ("to", "pending")],
            StatusCode::FORBIDDEN,
        ),
        (
            999_999,
            vec![("csrf_token", csrf.as_str()), ("to", "pending")],
            StatusCode::NOT_FOUND,
        ),
    ];
    for (comment, form, status) in cases {
        let response = app
            .post_form(&format!("/admin/comments/{comment}/undo"), &form)
            .await;
        assert_eq!(response.status(), status, "{comment} {form:?}");
    }
    assert!(is_in(&app, id, "approved").await, "nothing changed");
    let inbox = app
        .page("/admin/comments?status=pending&done=erase&comment=abc")
        .await;
    assert!(texts(&inbox, "#moderated").is_empty(), "nothing to report");
}

#[tokio::test]
async fn the_reply_box_is_folded_and_an_answer_links_to_itself() {
    let (app, _sink) = app().await;
    app.set_up_author().await;
    guest_comment(&app, ARTICLE, "lea@example.org", "Une question", None).await;
    let id = id_of(&app, "Une question").await;
    let inbox = app.page("/admin/comments?status=pending").await;
    assert_eq!(
        texts(&inbox, "details.inbox__reply > summary"),
        ["Répondre"]
    );
    assert_eq!(
        attrs(&inbox, "details.inbox__reply textarea", "name"),
        ["body"],
        "the reply form is inside the fold"
    );
    assert!(
        attrs(&inbox, "details.inbox__reply[open]", "class").is_empty(),
        "folded until opened"
    );
    assert!(
        attrs(&inbox, "li > form > textarea", "name").is_empty(),
        "no reply box left open outside the fold"
    );

    let landed = act(&app, id, "reply", &[("body", "Merci, voir la partie 2.")]).await;
    let reply = id_of(&app, "Merci, voir la partie 2.").await;
    assert_eq!(
        landed,
        format!("/admin/comments?status=approved&done=reply&comment={reply}#moderated")
    );
    let inbox = app.page(&landed).await;
    assert_eq!(
        texts(&inbox, "#moderated p"),
        ["Votre réponse est publiée. Voir la réponse"]
    );
    assert_eq!(
        attrs(&inbox, "#moderated a", "href"),
        [format!("/comments/{reply}")]
    );
    assert!(texts(&inbox, "#moderated button").is_empty());
}
