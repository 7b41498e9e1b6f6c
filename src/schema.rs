// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;
}

diesel::table! {
    article_themes (article_id, theme_id) {
        article_id -> Int8,
        theme_id -> Int8,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Tsvector;

    articles (id) {
        id -> Int8,
        slug -> Text,
        title -> Text,
        summary -> Text,
        body_markdown -> Text,
        body_html -> Text,
        reading_minutes -> Int4,
        series_id -> Nullable<Int8>,
        source_url -> Nullable<Text>,
        hero_image_id -> Nullable<Int8>,
        hero_alt -> Text,
        status -> Text,
        publish_at -> Nullable<Timestamptz>,
        published_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        search_document -> Nullable<Tsvector>,
    }
}

diesel::table! {
    authors (id) {
        id -> Int8,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        created_at -> Timestamptz,
        password_changed_at -> Timestamptz,
    }
}

diesel::table! {
    images (id) {
        id -> Int8,
        sha256 -> Text,
        content_type -> Text,
        width -> Int4,
        height -> Int4,
        data -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Int8,
        email -> Text,
        client_network -> Text,
        failed_at -> Timestamptz,
    }
}

diesel::table! {
    series (id) {
        id -> Int8,
        slug -> Text,
        name -> Text,
        description -> Text,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Bytea,
        author_id -> Int8,
        csrf_token -> Text,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    themes (id) {
        id -> Int8,
        slug -> Text,
        name -> Text,
        description -> Text,
        position -> Int4,
    }
}

diesel::joinable!(article_themes -> articles (article_id));
diesel::joinable!(article_themes -> themes (theme_id));
diesel::joinable!(articles -> images (hero_image_id));
diesel::joinable!(articles -> series (series_id));
diesel::joinable!(sessions -> authors (author_id));

diesel::allow_tables_to_appear_in_same_query!(
    article_themes,
    articles,
    authors,
    images,
    login_failures,
    series,
    sessions,
    themes,
);
