//! The reader's management links: `GET|POST /newsletter/unsubscribe/{token}` (the POST is also
//! RFC 8058's cookieless one-click) and `GET|POST /newsletter/preferences/{token}` (themes,
//! name, unsubscribe, export, erase, and the followed threads with a button to stop each).

use actix_web::http::StatusCode;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::comments::notifications::reader_mail::FOLLOW_SCOPE;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::mail::link_key::LinkKey;
use crate::readers::follow::store::{Follow, FollowedArticle};
use crate::readers::message::message;
use crate::readers::model::{self, Reader, Subscription};
use crate::taxonomy::model::Theme;
use crate::test_links::{LinkKind, dead_or_test};
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// The preferences page.
#[derive(Template)]
#[template(path = "readers/preferences.html")]
pub struct PreferencesPage {
    layout: Layout,
    token: String,
    reader: Reader,
    subscribed: bool,
    all_themes: bool,
    chosen: Vec<i64>,
    themes: Vec<Theme>,
    follows: Vec<FollowLine>,
    saved: bool,
}

/// A followed thread on the preferences page: the follow, and the action of its stop button.
pub struct FollowLine {
    follow: FollowedArticle,
    stop: String,
}

/// The reader a management token opens, if its signature holds.
async fn reader_of(pool: &DbPool, key: &LinkKey, token: &str) -> AppResult<Option<Reader>> {
    let Some(id) = LinkKey::claimed_reader(token) else {
        return Ok(None);
    };
    let mut conn = pool.get().await?;
    match Reader::by_id(&mut conn, id).await {
        Ok(reader) if key.verify(token, &reader.link_salt) => Ok(Some(reader)),
        Ok(_) | Err(diesel::result::Error::NotFound) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// `?send=` on a newsletter's unsubscribe link: the send it came with. Anything but an id is
/// no send; whether the send reached this reader is checked when unsubscribing.
#[derive(Debug, Deserialize)]
pub struct UnsubscribeQuery {
    #[serde(default)]
    send: Option<String>,
}

impl UnsubscribeQuery {
    fn send(&self) -> Option<i64> {
        self.send
            .as_deref()
            .and_then(|raw| raw.trim().parse().ok())
            .filter(|id: &i64| *id > 0)
    }
}

/// `GET /newsletter/unsubscribe/{token}`: one button.
pub async fn show_unsubscribe(
    pool: web::Data<DbPool>,
    key: web::Data<LinkKey>,
    ctx: PageContext,
    token: web::Path<String>,
    query: web::Query<UnsubscribeQuery>,
) -> AppResult<HttpResponse> {
    if reader_of(&pool, &key, &token).await?.is_none() {
        return dead_or_test(&ctx, &token, LinkKind::Unsubscribe);
    }
    let t = ctx.t();
    let send = query
        .send()
        .map(|id| format!("?send={id}"))
        .unwrap_or_default();
    let button = Some((
        format!("/newsletter/unsubscribe/{}{send}", token.as_str()),
        t.newsletter_unsubscribe_button,
    ));
    message(
        &ctx,
        StatusCode::OK,
        t.newsletter_unsubscribe_title,
        t.newsletter_unsubscribe_text,
        button,
    )
}

/// `POST /newsletter/unsubscribe/{token}`: unsubscribes at once, no cookie or token needed.
pub async fn unsubscribe(
    pool: web::Data<DbPool>,
    key: web::Data<LinkKey>,
    ctx: PageContext,
    token: web::Path<String>,
    query: web::Query<UnsubscribeQuery>,
) -> AppResult<HttpResponse> {
    let Some(reader) = reader_of(&pool, &key, &token).await? else {
        return dead_or_test(&ctx, &token, LinkKind::Unsubscribe);
    };
    let mut conn = pool.get().await?;
    if model::unsubscribe(&mut conn, reader.id, query.send(), Utc::now()).await? {
        tracing::info!(reader_id = reader.id, "newsletter unsubscribed");
    }
    let t = ctx.t();
    message(
        &ctx,
        StatusCode::OK,
        t.newsletter_unsubscribed_title,
        t.newsletter_unsubscribed_text,
        None,
    )
}

async fn preferences_page(
    pool: &DbPool,
    ctx: &PageContext,
    key: &LinkKey,
    token: &str,
    reader: Reader,
    saved: bool,
) -> AppResult<PreferencesPage> {
    let mut conn = pool.get().await?;
    let subscription = Subscription::of_reader(&mut conn, reader.id).await?;
    let follows = Follow::of_reader(&mut conn, reader.id)
        .await?
        .into_iter()
        .map(|follow| FollowLine {
            stop: format!(
                "/follows/unsubscribe/{}",
                key.scoped_token(FOLLOW_SCOPE, follow.id, &reader.link_salt)
            ),
            follow,
        })
        .collect();
    Ok(PreferencesPage {
        layout: ctx.layout(ctx.t().newsletter_preferences_title),
        token: token.to_owned(),
        subscribed: subscription
            .as_ref()
            .is_some_and(|s| s.status == "subscribed"),
        all_themes: subscription.as_ref().is_none_or(|s| s.all_themes),
        chosen: Subscription::theme_ids(&mut conn, reader.id).await?,
        themes: Theme::all(&mut conn).await?,
        follows,
        reader,
        saved,
    })
}

/// `GET /newsletter/preferences/{token}`.
pub async fn show_preferences(
    pool: web::Data<DbPool>,
    key: web::Data<LinkKey>,
    ctx: PageContext,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let Some(reader) = reader_of(&pool, &key, &token).await? else {
        return dead_or_test(&ctx, &token, LinkKind::Preferences);
    };
    render(
        StatusCode::OK,
        &preferences_page(&pool, &ctx, &key, &token, reader, false).await?,
    )
}

/// `POST /newsletter/preferences/{token}` with `action` = `save`, `unsubscribe`, `export` or
/// `erase`.
pub async fn update_preferences(
    pool: web::Data<DbPool>,
    key: web::Data<LinkKey>,
    ctx: PageContext,
    token: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let Some(reader) = reader_of(&pool, &key, &token).await? else {
        return dead_or_test(&ctx, &token, LinkKind::Preferences);
    };
    let value = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let t = ctx.t();
    let mut conn = pool.get().await?;
    match value("action").as_str() {
        "erase" => {
            model::Reader::erase(&mut conn, reader.id).await?;
            tracing::info!(reader_id = reader.id, "reader erased at their request");
            message(
                &ctx,
                StatusCode::OK,
                t.newsletter_erased_title,
                t.newsletter_erased_text,
                None,
            )
        }
        "export" => export(&mut conn, reader).await,
        "unsubscribe" => {
            model::unsubscribe(&mut conn, reader.id, None, Utc::now()).await?;
            message(
                &ctx,
                StatusCode::OK,
                t.newsletter_unsubscribed_title,
                t.newsletter_unsubscribed_text,
                None,
            )
        }
        _ => {
            let known: Vec<i64> = Theme::all(&mut conn)
                .await?
                .iter()
                .map(|theme| theme.id)
                .collect();
            let chosen: Vec<i64> = form
                .iter()
                .filter(|(k, _)| k == "themes")
                .filter_map(|(_, v)| v.trim().parse().ok())
                .filter(|id| known.contains(id))
                .collect();
            let name: String = value("name")
                .chars()
                .filter(|c| !c.is_control())
                .take(100)
                .collect();
            model::save_preferences(&mut conn, reader.id, &name, &chosen).await?;
            drop(conn);
            let reader = Reader { name, ..reader };
            render(
                StatusCode::OK,
                &preferences_page(&pool, &ctx, &key, &token, reader, true).await?,
            )
        }
    }
}

async fn export(
    conn: &mut diesel_async::AsyncPgConnection,
    reader: Reader,
) -> AppResult<HttpResponse> {
    let subscription = Subscription::of_reader(conn, reader.id).await?;
    let themes = Subscription::theme_ids(conn, reader.id).await?;
    let follows: Vec<_> = Follow::of_reader(conn, reader.id)
        .await?
        .into_iter()
        .map(|f| json!({ "article": f.article_slug, "mode": f.mode }))
        .collect();
    let data = json!({
        "email": reader.email,
        "name": reader.name,
        "confirmed_at": reader.confirmed_at,
        "newsletter": subscription.map(|s| json!({
            "status": s.status,
            "all_themes": s.all_themes,
            "theme_ids": themes,
            "consent": { "text": s.consent_text, "at": s.consent_at, "network": s.consent_network },
            "subscribed_at": s.subscribed_at,
        })),
        "follows": follows,
    });
    Ok(HttpResponse::Ok()
        .content_type("application/json; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(
                "sillage-mes-donnees.json".into(),
            )],
        })
        .body(serde_json::to_string_pretty(&data).map_err(anyhow::Error::from)?))
}
