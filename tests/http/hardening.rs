//! Bad input at the edge: control characters, a login `next` that would split a header,
//! oversized bodies and images that would take gigabytes once decoded.

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use reqwest::multipart::Part;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::admin_articles::{article_form, logged_in_app};
use crate::support::articles::{DISCUSSED, publish_discussed};
use crate::support::forms::post_comment;
use crate::support::{
    AUTHOR_EMAIL, AUTHOR_PASSWORD, TestApp, csrf_token, csrf_token_named, new_client,
    spawn_app_with,
};

const ARTICLE: &str = DISCUSSED;
const PNG: &[u8] = include_bytes!("../fixtures/images/figure-bars.png");

async fn discussed_app() -> TestApp {
    let mut app = spawn_app_with(|s| {
        s.comments.min_form_seconds = 0;
    })
    .await;
    publish_discussed(&mut app).await;
    app
}

async fn comment(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    post_comment(app, &app.client, ARTICLE, fields).await
}

#[tokio::test]
async fn control_characters_in_a_comment_come_back_as_a_form_error() {
    let app = discussed_app().await;
    for (field, value) in [
        ("body", "Un texte\0avec un NUL"),
        ("body", "Une séquence \u{1b}[31m de terminal"),
        ("author_url", "https://lea.example/\0"),
        ("author_email", "lea\0@example.org"),
    ] {
        let response = comment(&app, &[(field, value)]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field} {value:?}"
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"comment-form\""), "the form comes back");
    }
    let html = comment(&app, &[("body", "Un texte\0avec un NUL")])
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("caractère de contrôle invisible"), "{html}");
    assert_eq!(app.count("SELECT count(*) AS n FROM comments").await, 0);
    let fine = comment(&app, &[("body", "Deux lignes,\r\npuis\tune tabulation.")]).await;
    assert_eq!(fine.status(), StatusCode::SEE_OTHER, "line breaks are text");
}

#[tokio::test]
async fn a_nul_in_the_login_address_is_a_form_error_not_a_failure_recorded() {
    let (app, _) = logged_in_app().await;
    let response = new_client()
        .post(format!("{}/admin/login", app.address))
        .form(&[("email", "claire\0@example.org"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("adresse e-mail valide")
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM login_failures").await,
        0
    );
}

#[tokio::test]
async fn a_login_next_with_a_line_break_leads_to_the_dashboard() {
    let (app, _) = logged_in_app().await;
    for next in [
        "/admin/articles\r\nSet-Cookie: pris=1",
        "/admin\n",
        "/admin\\evil.example",
    ] {
        let response = new_client()
            .post(format!("{}/admin/login", app.address))
            .form(&[
                ("email", AUTHOR_EMAIL),
                ("password", AUTHOR_PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(response.headers()[LOCATION], "/admin", "{next:?}");
        assert!(
            response
                .headers()
                .get_all("set-cookie")
                .iter()
                .all(|c| !c.to_str().unwrap().contains("pris")),
        );
    }
    let page = new_client()
        .get(format!(
            "{}/admin/login?next=%2Fadmin%0D%0ASet-Cookie%3A%20pris%3D1",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(
        csrf_token_named(&page.text().await.unwrap(), "next"),
        "/admin"
    );
}

/// A PNG whose header declares `width` × `height` pixels: the test figure with its IHDR
/// changed (no decoder is asked to read it; the header is what the check reads).
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = PNG.to_vec();
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    png
}

#[tokio::test]
async fn an_image_over_the_pixel_budget_is_refused_before_it_is_decoded() {
    let (app, csrf) = logged_in_app().await;
    let form = article_form(&csrf, "Dix mille de côté", "draft")
        .text("hero_alt", "Une image immense")
        .part(
            "hero_image",
            Part::bytes(png_declaring(10_000, 10_000)).file_name("immense.png"),
        );
    let response = app.post_multipart("/admin/articles/new", form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("trop de pixels"), "{html}");
    assert!(html.contains("Dix mille de côté"), "the fields are kept");
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 0);
}

/// The session cookie (`name=value`) of a fresh login.
async fn session_cookie(app: &TestApp) -> String {
    let response = new_client()
        .post(format!("{}/admin/login", app.address))
        .form(&[("email", AUTHOR_EMAIL), ("password", AUTHOR_PASSWORD)])
        .send()
        .await
        .unwrap();
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|c| c.starts_with("sillage_session="))
        .expect("a session cookie")
}

/// Sends `head` then up to `body_bytes` of body (as the server reads it: the form's token
/// `csrf`, then a file), and returns the status line of the answer.
async fn raw_post(
    app: &TestApp,
    head: String,
    csrf: &str,
    chunked: bool,
    body_bytes: usize,
) -> String {
    let stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let part = format!(
        "--XYZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n\
         --XYZ\r\nContent-Disposition: form-data; name=\"hero_image\"; \
         filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
    );
    let sender = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        let block = vec![0u8; 64 * 1024];
        let mut sent = 0;
        let mut first = true;
        while sent < body_bytes {
            let data: &[u8] = if first { part.as_bytes() } else { &block };
            first = false;
            if chunked {
                writer
                    .write_all(format!("{:x}\r\n", data.len()).as_bytes())
                    .await?;
                writer.write_all(data).await?;
                writer.write_all(b"\r\n").await?;
            } else {
                writer.write_all(data).await?;
            }
            sent += data.len();
        }
        std::io::Result::Ok(sent)
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        let mut buffer = [0u8; 4096];
        while !answer.windows(2).any(|w| w == b"\r\n") {
            let n = reader.read(&mut buffer).await.unwrap();
            assert!(n > 0, "the server closed without answering");
            answer.extend_from_slice(&buffer[..n]);
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the server answers while the body is still coming"
    );
    sender.abort();
    let text = String::from_utf8_lossy(&answer);
    text.lines().next().unwrap().to_owned()
}

#[tokio::test]
async fn a_multipart_body_past_the_upload_limit_stops_being_read() {
    let (app, _) = logged_in_app().await;
    let cookie = session_cookie(&app).await;
    let head = |framing: &str| {
        format!(
            "POST /admin/articles/new HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {cookie}\r\n\
             Content-Type: multipart/form-data; boundary=XYZ\r\n{framing}\r\n\r\n",
            app.port
        )
    };
    // Declared too long: refused before a byte of the body is read.
    let form = new_client()
        .get(format!("{}/admin/articles/new", app.address))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let csrf = csrf_token(&form.text().await.unwrap());
    let declared = raw_post(&app, head("Content-Length: 150000000"), &csrf, false, 0).await;
    assert_eq!(declared, "HTTP/1.1 413 Payload Too Large");
    // Chunked, so of no declared length: cut off at the limit (10 MB) while it streams; the
    // sender would go on to 150 MB.
    let streamed = raw_post(
        &app,
        head("Transfer-Encoding: chunked"),
        &csrf,
        true,
        150_000_000,
    )
    .await;
    assert_eq!(streamed, "HTTP/1.1 413 Payload Too Large");
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
}

/// `method path` sent with `Host: host`.
async fn with_host(app: &TestApp, method: reqwest::Method, path: &str, host: &str) -> StatusCode {
    new_client()
        .request(method, format!("{}{path}", app.address))
        .header("host", host)
        .form(&[("email", "intrus@example.org")])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_foreign_host_gets_400_on_every_route() {
    use reqwest::Method;
    let local = spawn_app_with(|s| s.server.allowed_hosts.clear()).await;
    let rebound = format!("rebinding.example:{}", local.port);
    for (method, path) in [
        (Method::GET, "/"),
        (Method::GET, "/health"),
        (Method::GET, "/admin/setup"),
        (Method::POST, "/admin/setup"),
        (Method::POST, "/admin/login"),
        (Method::GET, "/feed.xml"),
        (Method::GET, "/no-such-page"),
    ] {
        let status = with_host(&local, method.clone(), path, &rebound).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {path}");
    }
    for host in [
        format!("127.0.0.1:{}", local.port),
        format!("localhost:{}", local.port),
        "localhost".to_owned(),
    ] {
        let status = with_host(&local, Method::GET, "/admin/setup", &host).await;
        assert_eq!(status, StatusCode::OK, "a local install answers {host}");
    }
    let public = spawn_app_with(|s| {
        s.server.allowed_hosts.clear();
        s.site.base_url = "https://sillage.example".into();
    })
    .await;
    let loopback = format!("127.0.0.1:{}", public.port);
    assert_eq!(
        with_host(&public, Method::GET, "/health", &loopback).await,
        StatusCode::BAD_REQUEST,
        "a public site does not answer to loopback names"
    );
    assert_eq!(
        with_host(&public, Method::GET, "/health", "sillage.example").await,
        StatusCode::OK
    );
    assert_eq!(local.count("SELECT count(*) AS n FROM authors").await, 0);
}

#[tokio::test]
async fn the_setup_form_needs_its_own_fresh_stamp() {
    let app = spawn_app_with(|_| {}).await;
    let setup = |stamp: String| {
        let app = &app;
        async move {
            app.post_form(
                "/admin/setup",
                &[
                    ("form_ts", stamp.as_str()),
                    ("email", AUTHOR_EMAIL),
                    ("display_name", "Claire Martin"),
                    ("password", AUTHOR_PASSWORD),
                    ("password_confirm", AUTHOR_PASSWORD),
                ],
            )
            .await
            .status()
        }
    };
    // The home page's public form (the newsletter signup) carries a stamp of another form.
    let public_stamp = csrf_token_named(&app.page("/").await, "form_ts");
    for forged in [String::new(), "1700000000.forged".into(), public_stamp] {
        assert_eq!(
            setup(forged.clone()).await,
            StatusCode::FORBIDDEN,
            "{forged}"
        );
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM authors").await, 0);
    let stamp = csrf_token_named(&app.page("/admin/setup").await, "form_ts");
    assert_eq!(setup(stamp).await, StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) AS n FROM authors").await, 1);
}

/// A public form stamp made `age` ago with this installation's key.
async fn stamp_made_ago(app: &TestApp, age: chrono::Duration) -> String {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use sillage::schema::site_secrets;
    let mut conn = app.pool.get().await.unwrap();
    let secret: Vec<u8> = site_secrets::table
        .find("reader_cookie")
        .select(site_secrets::value)
        .first(&mut conn)
        .await
        .unwrap();
    let key = sillage::web::reader_cookie::ReaderKey::new(secret);
    key.form_stamp(
        sillage::web::form_stamp::forms::PUBLIC,
        chrono::Utc::now() - age,
    )
}

#[tokio::test]
async fn a_comment_sent_back_after_the_stamp_expired_is_shown_again_not_lost() {
    let app = discussed_app().await;
    let old = stamp_made_ago(&app, chrono::Duration::hours(3)).await;
    let response = comment(
        &app,
        &[("form_ts", &old), ("body", "Un long commentaire mûri.")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("Ce formulaire a expiré"), "{html}");
    assert!(
        html.contains("Un long commentaire mûri."),
        "the text is kept"
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM comments").await, 0);
    let fresh = csrf_token_named(&html, "form_ts");
    let again = comment(
        &app,
        &[("form_ts", &fresh), ("body", "Un long commentaire mûri.")],
    )
    .await;
    assert_eq!(
        again.status(),
        StatusCode::SEE_OTHER,
        "the fresh stamp works"
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM comments").await, 1);
}

#[tokio::test]
async fn admin_and_secret_link_pages_are_never_stored_and_https_sites_send_hsts() {
    let app = discussed_app().await;
    for path in [
        "/admin/login",
        "/admin/setup",
        "/newsletter/preferences/jeton-inconnu",
        "/newsletter/confirm/jeton-inconnu",
        "/follows/unsubscribe/jeton-inconnu",
    ] {
        let response = app.get(path).await;
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path} answered {}",
            response.status()
        );
    }
    let home = app.get("/").await;
    assert_ne!(
        home.headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "public pages may be cached"
    );
    assert!(
        home.headers().get("strict-transport-security").is_none(),
        "http: no HSTS"
    );
    let https = spawn_app_with(|s| s.site.base_url = "https://sillage.example".into()).await;
    assert_eq!(
        https.get("/").await.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}

#[tokio::test]
async fn a_confirmation_link_works_once() {
    let (mut app, sink) = crate::support::spawn_app_with_smtp(|_| {}).await;
    publish_discussed(&mut app).await;
    let stamp = csrf_token_named(&app.page("/newsletter").await, "form_ts");
    let signup = app
        .post_form(
            "/newsletter",
            &[("email", "lectrice@example.org"), ("form_ts", &stamp)],
        )
        .await;
    assert_eq!(signup.status(), StatusCode::SEE_OTHER);
    let mails = sink.wait_for(1).await;
    let path = crate::support::path_of(&mails[0].link("/newsletter/confirm/"));
    let presses = futures_util::future::join_all((0..5).map(|_| {
        new_client()
            .post(format!("{}{path}", app.address))
            .form(&[("x", "")])
            .send()
    }))
    .await;
    let statuses: Vec<StatusCode> = presses.into_iter().map(|r| r.unwrap().status()).collect();
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    let welcomes = app
        .count("SELECT count(*) AS n FROM jobs WHERE kind = 'newsletter.welcome'")
        .await;
    assert_eq!(welcomes, 1, "of five presses at once, one confirms");
    // Later a follow waits for this reader's confirmation: the old link does not give it.
    app.execute(
        "INSERT INTO follows (reader_id, article_id, mode, status) \
         SELECT r.id, a.id, 'all', 'pending' FROM readers r, articles a LIMIT 1",
    )
    .await;
    app.execute("UPDATE newsletter_subscriptions SET status = 'unsubscribed'")
        .await;
    let again = app.post_form(&path, &[]).await;
    assert_eq!(again.status(), StatusCode::OK, "pressing again is harmless");
    let pending = "SELECT count(*) AS n FROM follows WHERE status = 'pending'";
    assert_eq!(app.count(pending).await, 1, "and activates nothing");
    let subscribed =
        "SELECT count(*) AS n FROM newsletter_subscriptions WHERE status = 'subscribed'";
    assert_eq!(app.count(subscribed).await, 0);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM confirmation_tokens WHERE used_at IS NOT NULL")
            .await,
        1
    );
}

#[tokio::test]
async fn mail_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let data_dir = std::env::temp_dir().join(format!("sillage-mail-{}", std::process::id()));
    let dir = data_dir.join("mail");
    let app = spawn_app_with(|s| {
        s.data_dir = data_dir.clone();
        s.newsletter.min_form_seconds = 0;
    })
    .await;
    let stamp = csrf_token_named(&app.page("/newsletter").await, "form_ts");
    app.post_form(
        "/newsletter",
        &[("email", "lectrice@example.org"), ("form_ts", &stamp)],
    )
    .await;
    let sent =
        "SELECT count(*) AS n FROM jobs WHERE kind = 'newsletter.confirm' AND done_at IS NOT NULL";
    crate::support::eventually("the confirmation was written", async || {
        app.count(sent).await == 1
    })
    .await;
    let written = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .find(|entry| entry.path().extension().is_some_and(|e| e == "eml"));
    let file = written.expect("the confirmation is written to a file");
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&file.path()), 0o600);
    std::fs::remove_dir_all(&data_dir).unwrap();
}
