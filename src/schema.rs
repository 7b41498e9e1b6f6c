// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;
}

diesel::table! {
    article_bodies (article_id) {
        article_id -> Int8,
        form -> Int4,
        epoch -> Int8,
        html -> Text,
        outline -> Text,
        passages -> Text,
        source_version -> Nullable<Int8>,
    }
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
        body_version -> Int8,
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
    automatic_sends (id) {
        id -> Bool,
        new_article -> Bool,
        new_article_mode -> Text,
        digest -> Bool,
        digest_weekday -> Int2,
        digest_hour -> Int2,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    comment_blocks (id) {
        id -> Int8,
        kind -> Text,
        email -> Nullable<Text>,
        network -> Nullable<Cidr>,
        note -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    comment_notifications (id) {
        id -> Int8,
        comment_id -> Int8,
        reader_id -> Int8,
        article_id -> Int8,
        kind -> Text,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    comment_votes (comment_id, reader_id) {
        comment_id -> Int8,
        reader_id -> Text,
        value -> Int2,
        client_network -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    comments (id) {
        id -> Int8,
        article_id -> Int8,
        parent_id -> Nullable<Int8>,
        depth -> Int4,
        author_name -> Text,
        author_email -> Text,
        author_url -> Nullable<Text>,
        by_author -> Bool,
        body_markdown -> Text,
        body_html -> Text,
        status -> Text,
        notify -> Text,
        anchor -> Nullable<Text>,
        reader_id -> Nullable<Text>,
        client_network -> Text,
        created_at -> Timestamptz,
        approved_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    confirmation_tokens (token_hash) {
        token_hash -> Bytea,
        reader_id -> Int8,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    deliveries (newsletter_id, reader_id) {
        newsletter_id -> Int8,
        reader_id -> Int8,
        status -> Text,
        attempts -> Int4,
        run_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
        smtp_response -> Nullable<Text>,
        last_error -> Nullable<Text>,
        finished_at -> Nullable<Timestamptz>,
        bounced -> Bool,
    }
}

diesel::table! {
    email_texts (kind) {
        kind -> Text,
        subject -> Text,
        body_markdown -> Text,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    follow_consents (follow_id) {
        follow_id -> Int8,
        source -> Text,
        consented_at -> Timestamptz,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    follows (id) {
        id -> Int8,
        reader_id -> Int8,
        article_id -> Int8,
        mode -> Text,
        status -> Text,
        created_at -> Timestamptz,
        activated_at -> Nullable<Timestamptz>,
        stopped_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    image_epoch (id) {
        id -> Bool,
        value -> Int8,
    }
}

diesel::table! {
    image_variants (id) {
        id -> Int8,
        image_id -> Int8,
        sha256 -> Text,
        content_type -> Text,
        width -> Int4,
        height -> Int4,
        data -> Bytea,
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
        variants_done -> Bool,
        alt -> Text,
        caption -> Text,
    }
}

diesel::table! {
    import_runs (id) {
        id -> Int8,
        phase -> Text,
        status -> Text,
        categories -> Text,
        wxr_name -> Text,
        wxr -> Nullable<Oid>,
        wpdiscuz_sql -> Nullable<Oid>,
        uploads_zip -> Nullable<Oid>,
        items_read -> Int8,
        articles_read -> Int8,
        comments_read -> Int8,
        report -> Nullable<Jsonb>,
        failure -> Nullable<Text>,
        beat_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    jobs (id) {
        id -> Int8,
        kind -> Text,
        payload -> Jsonb,
        dedupe_key -> Nullable<Text>,
        run_at -> Timestamptz,
        attempts -> Int4,
        max_attempts -> Int4,
        locked_until -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
        done_at -> Nullable<Timestamptz>,
        failed_at -> Nullable<Timestamptz>,
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
    newsletter_links (newsletter_id, position) {
        newsletter_id -> Int8,
        position -> Int4,
        url -> Text,
        clicks -> Int8,
    }
}

diesel::table! {
    newsletter_subscriptions (reader_id) {
        reader_id -> Int8,
        status -> Text,
        all_themes -> Bool,
        consent_text -> Text,
        consent_at -> Timestamptz,
        consent_network -> Text,
        subscribed_at -> Nullable<Timestamptz>,
        unsubscribed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        source_article_id -> Nullable<Int8>,
        unsubscribed_newsletter_id -> Nullable<Int8>,
    }
}

diesel::table! {
    newsletter_themes (newsletter_id, theme_id) {
        newsletter_id -> Int8,
        theme_id -> Int8,
    }
}

diesel::table! {
    newsletters (id) {
        id -> Int8,
        subject -> Text,
        preheader -> Text,
        body_markdown -> Text,
        body_html -> Text,
        body_text -> Text,
        all_themes -> Bool,
        scheduled_at -> Nullable<Timestamptz>,
        send_key -> Nullable<Text>,
        started_at -> Nullable<Timestamptz>,
        paused_at -> Nullable<Timestamptz>,
        cancelled_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        auto_key -> Nullable<Text>,
    }
}

diesel::table! {
    page_sources (day, path, source) {
        day -> Date,
        path -> Text,
        source -> Text,
        views -> Int8,
    }
}

diesel::table! {
    page_sources_monthly (month, path, source) {
        month -> Date,
        path -> Text,
        source -> Text,
        views -> Int8,
    }
}

diesel::table! {
    page_views (day, path) {
        day -> Date,
        path -> Text,
        views -> Int8,
        visitors -> Int8,
    }
}

diesel::table! {
    page_views_monthly (month, path) {
        month -> Date,
        path -> Text,
        views -> Int8,
        visitors -> Int8,
    }
}

diesel::table! {
    ratings (article_id, reader_id) {
        article_id -> Int8,
        reader_id -> Text,
        stars -> Int2,
        client_network -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    reader_browsers (browser_id, reader_id) {
        browser_id -> Text,
        reader_id -> Int8,
        proved_at -> Timestamptz,
    }
}

diesel::table! {
    readers (id) {
        id -> Int8,
        email -> Text,
        name -> Text,
        confirmed_at -> Nullable<Timestamptz>,
        link_salt -> Bytea,
        created_at -> Timestamptz,
        hard_bounces -> Int4,
        pending_name -> Nullable<Text>,
    }
}

diesel::table! {
    redirects (path) {
        path -> Text,
        target -> Text,
        created_at -> Timestamptz,
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
    signup_attempts (id) {
        id -> Int8,
        client_network -> Text,
        attempted_at -> Timestamptz,
    }
}

diesel::table! {
    similar_articles (article_id) {
        article_id -> Int8,
        epoch -> Int8,
        similar_ids -> Array<Nullable<Int8>>,
    }
}

diesel::table! {
    similar_epoch (id) {
        id -> Bool,
        value -> Int8,
    }
}

diesel::table! {
    site_secrets (name) {
        name -> Text,
        value -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    subscription_themes (reader_id, theme_id) {
        reader_id -> Int8,
        theme_id -> Int8,
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

diesel::table! {
    visitor_marks (day, path, mark) {
        day -> Date,
        path -> Text,
        mark -> Bytea,
    }
}

diesel::table! {
    visitor_salts (day) {
        day -> Date,
        salt -> Bytea,
    }
}

diesel::table! {
    wordpress_items (site, kind, wp_id) {
        site -> Text,
        kind -> Text,
        wp_id -> Int8,
        target_id -> Int8,
        imported_at -> Timestamptz,
    }
}

diesel::table! {
    wpdiscuz_links (site, wp_id) {
        site -> Text,
        wp_id -> Int8,
        key_hash -> Bytea,
        follow_id -> Int8,
        imported_at -> Timestamptz,
    }
}

diesel::joinable!(article_bodies -> articles (article_id));
diesel::joinable!(article_themes -> articles (article_id));
diesel::joinable!(article_themes -> themes (theme_id));
diesel::joinable!(articles -> images (hero_image_id));
diesel::joinable!(articles -> series (series_id));
diesel::joinable!(comment_notifications -> articles (article_id));
diesel::joinable!(comment_notifications -> comments (comment_id));
diesel::joinable!(comment_notifications -> readers (reader_id));
diesel::joinable!(comment_votes -> comments (comment_id));
diesel::joinable!(comments -> articles (article_id));
diesel::joinable!(confirmation_tokens -> readers (reader_id));
diesel::joinable!(deliveries -> newsletters (newsletter_id));
diesel::joinable!(deliveries -> readers (reader_id));
diesel::joinable!(follow_consents -> follows (follow_id));
diesel::joinable!(follows -> articles (article_id));
diesel::joinable!(follows -> readers (reader_id));
diesel::joinable!(image_variants -> images (image_id));
diesel::joinable!(newsletter_links -> newsletters (newsletter_id));
diesel::joinable!(newsletter_subscriptions -> articles (source_article_id));
diesel::joinable!(newsletter_subscriptions -> newsletters (unsubscribed_newsletter_id));
diesel::joinable!(newsletter_subscriptions -> readers (reader_id));
diesel::joinable!(newsletter_themes -> newsletters (newsletter_id));
diesel::joinable!(newsletter_themes -> themes (theme_id));
diesel::joinable!(ratings -> articles (article_id));
diesel::joinable!(reader_browsers -> readers (reader_id));
diesel::joinable!(sessions -> authors (author_id));
diesel::joinable!(subscription_themes -> newsletter_subscriptions (reader_id));
diesel::joinable!(subscription_themes -> themes (theme_id));
diesel::joinable!(visitor_marks -> visitor_salts (day));
diesel::joinable!(wpdiscuz_links -> follows (follow_id));

diesel::allow_tables_to_appear_in_same_query!(
    article_bodies,
    article_themes,
    articles,
    authors,
    automatic_sends,
    comment_blocks,
    comment_notifications,
    comment_votes,
    comments,
    confirmation_tokens,
    deliveries,
    email_texts,
    follow_consents,
    follows,
    image_epoch,
    image_variants,
    images,
    import_runs,
    jobs,
    login_failures,
    newsletter_links,
    newsletter_subscriptions,
    newsletter_themes,
    newsletters,
    page_sources,
    page_sources_monthly,
    page_views,
    page_views_monthly,
    ratings,
    reader_browsers,
    readers,
    redirects,
    series,
    sessions,
    signup_attempts,
    similar_articles,
    similar_epoch,
    site_secrets,
    subscription_themes,
    themes,
    visitor_marks,
    visitor_salts,
    wordpress_items,
    wpdiscuz_links,
);
