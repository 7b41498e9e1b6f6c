//! Transactional emails carry a Message-ID at the sender's domain, as newsletters do, never at
//! the machine's bare host name: the confirmation and the welcome, caught by a real SMTP server.

use crate::support::smtp::ReceivedMail;
use crate::support::{forms, path_of, spawn_app_with_smtp};

fn message_id(mail: &ReceivedMail) -> String {
    mail.header("Message-ID").expect("a Message-ID")
}

#[tokio::test]
async fn the_confirmation_and_the_welcome_have_a_message_id_at_the_sender_s_domain() {
    let (app, sink) = spawn_app_with_smtp(|s| {
        s.mail.from = "Sillage <lettres@sillage.example>".into();
    })
    .await;
    forms::sign_up(&app, &app.client, "lea@example.org", &[]).await;
    let confirmation = sink.wait_for(1).await.remove(0);
    let path = path_of(&confirmation.link("/newsletter/confirm/"));
    app.post_form(&path, &[]).await;
    let welcome = sink.wait_for(2).await.remove(1);
    let ids = [message_id(&confirmation), message_id(&welcome)];
    for id in &ids {
        assert!(
            id.starts_with('<') && id.ends_with("@sillage.example>"),
            "at the sender's domain: {id}"
        );
    }
    assert_ne!(ids[0], ids[1], "one id per message");
}
