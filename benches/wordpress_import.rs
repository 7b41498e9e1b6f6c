//! Benchmark (not a timed test): generates a WordPress export of 1,000 posts with 50,000
//! threaded comments (vote totals in their meta, one voter each in the dump), a rating per post
//! and 5,000 confirmed subscriptions, then imports it into a fresh database. Prints the time and
//! this process's peak memory. `cargo bench --bench wordpress_import`; `SILLAGE_BENCH_POSTS`
//! changes the number of posts (50 comments and 5 subscriptions each).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test or a benchmark stops by panicking"
)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use sillage::i18n::Locale;
use sillage::import::context::CategoryChoice;
use sillage::import::{ImportOptions, import_wordpress};
use support::TestDatabase;

const COMMENTS_PER_POST: usize = 50;
const SUBSCRIPTIONS_PER_POST: usize = 5;

fn write_export(path: &Path, posts: usize) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[auteur]]></wp:author_login><wp:author_email><![CDATA[auteur@bench.example]]></wp:author_email></wp:author>"#
    )?;
    for p in 1..=posts {
        let id = p * 1000;
        writeln!(
            out,
            r#"<item><title><![CDATA[Article n°{p} &amp; la suite]]></title><link>https://bench.example/2025/06/article-{p}/</link><dc:creator><![CDATA[auteur]]></dc:creator>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>Premier paragraphe de l&#8217;article {p}, avec <strong>du gras</strong> et <a href="https://ex.org/{p}">un lien</a>.</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2>Une partie</h2><!-- /wp:heading -->
<!-- wp:list --><ul><li>un</li><li>deux</li></ul><!-- /wp:list -->
<!-- wp:table --><figure class="wp-block-table"><table><tbody><tr><td>A</td><td>B</td></tr><tr><td>1</td><td>2</td></tr></tbody></table></figure><!-- /wp:table -->]]></content:encoded>
<excerpt:encoded><![CDATA[Résumé {p}]]></excerpt:encoded><wp:post_id>{id}</wp:post_id><wp:post_date>2025-06-10 10:00:00</wp:post_date><wp:post_date_gmt>2025-06-10 08:00:00</wp:post_date_gmt>
<wp:post_name>article-{p}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="theme-{t}"><![CDATA[Thème {t}]]></category>
<wp:postmeta><wp:meta_key>wpdiscuz_post_rating</wp:meta_key><wp:meta_value>3.5</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>wpdiscuz_post_rating_count</wp:meta_key><wp:meta_value>4</wp:meta_value></wp:postmeta>"#,
            t = p % 5
        )?;
        for c in 1..=COMMENTS_PER_POST {
            let comment = id + c;
            // A thread of three: every comment but each third answers the one before.
            let parent = if c % 3 == 1 { 0 } else { comment - 1 };
            writeln!(
                out,
                r#"<wp:comment><wp:comment_id>{comment}</wp:comment_id><wp:comment_author><![CDATA[Lecteur {c}]]></wp:comment_author><wp:comment_author_email>lecteur{c}@example.org</wp:comment_author_email><wp:comment_author_url>https://ex.org/?a=1&b={c}</wp:comment_author_url><wp:comment_author_IP>192.0.2.{c}</wp:comment_author_IP><wp:comment_date>2025-06-11 10:00:00</wp:comment_date><wp:comment_date_gmt>2025-06-11 08:{m:02}:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Un commentaire numéro {c}, assez long pour ressembler à un vrai : les batteries LFP coûtent moins cher.

Second paragraphe.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>
<wp:commentmeta><wp:meta_key>wpdiscuz_votes_seperate</wp:meta_key><wp:meta_value><![CDATA[a:2:{{s:4:"like";i:2;s:7:"dislike";i:1;}}]]></wp:meta_value></wp:commentmeta></wp:comment>"#,
                m = c % 60
            )?;
        }
        writeln!(out, "</item>")?;
    }
    writeln!(out, "</channel></rss>")?;
    out.flush()
}

fn write_dump(path: &Path, posts: usize) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(
        out,
        "CREATE TABLE `wp_wc_comments_subscription` (\n  `id` int(11) NOT NULL,\n  `email` varchar(100) NOT NULL,\n  `subscribtion_id` int(11) NOT NULL,\n  `post_id` int(11) NOT NULL,\n  `subscribtion_type` varchar(20) NOT NULL,\n  `activation_key` varchar(32) NOT NULL,\n  `confirm` tinyint(4) DEFAULT '0',\n  `subscription_date` timestamp NOT NULL,\n  `imported_from` varchar(25) NOT NULL DEFAULT ''\n) ENGINE=InnoDB;"
    )?;
    for p in 1..=posts {
        let rows: Vec<String> = (1..=SUBSCRIPTIONS_PER_POST)
            .map(|s| {
                let id = p * 10 + s;
                format!("({id},'abonne{s}.{p}@example.org',{0},{0},'post','k{id}',1,'2025-06-11 10:00:00','')", p * 1000)
            })
            .collect();
        writeln!(
            out,
            "INSERT INTO `wp_wc_comments_subscription` VALUES {};",
            rows.join(",")
        )?;
    }
    writeln!(
        out,
        "CREATE TABLE `wp_wc_users_voted` (\n  `id` int(11) NOT NULL,\n  `user_id` varchar(32) NOT NULL,\n  `comment_id` int(11) NOT NULL,\n  `vote_type` int(11) DEFAULT NULL,\n  `is_guest` tinyint(1) DEFAULT '0',\n  `post_id` bigint(20) unsigned NOT NULL DEFAULT '0',\n  `date` int(11) unsigned NOT NULL DEFAULT '0'\n) ENGINE=InnoDB;"
    )?;
    for p in 1..=posts {
        let rows: Vec<String> = (1..=COMMENTS_PER_POST)
            .map(|c| {
                format!(
                    "({0},'voter{c}',{0},1,1,{1},1749640000)",
                    p * 1000 + c,
                    p * 1000
                )
            })
            .collect();
        writeln!(
            out,
            "INSERT INTO `wp_wc_users_voted` VALUES {};",
            rows.join(",")
        )?;
    }
    out.flush()
}

#[tokio::main]
async fn main() {
    let posts: usize = std::env::var("SILLAGE_BENCH_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = std::env::temp_dir().join(format!("sillage-wp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wxr = dir.join("export.xml");
    let sql = dir.join("wpdiscuz.sql");
    write_export(&wxr, posts).unwrap();
    write_dump(&sql, posts).unwrap();
    let size = std::fs::metadata(&wxr).unwrap().len();
    let database = TestDatabase::create().await;
    let pool = sillage::db::build_pool(&database.url, 2, Duration::from_secs(5)).unwrap();
    let mut conn = pool.get().await.unwrap();
    let options = ImportOptions {
        wxr: wxr.clone(),
        wpdiscuz_sql: Some(sql.clone()),
        uploads: None,
        dry_run: false,
        categories: CategoryChoice::Themes,
        zone: "Europe/Paris".parse().unwrap(),
        messages: Locale::Fr.messages(),
        max_pixels: 40_000_000,
    };
    let started = Instant::now();
    let report = import_wordpress(&mut conn, &options, Utc::now(), |_| {})
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert!(report.failure.is_none(), "{report}");
    println!(
        "{posts} posts, {} comments, {} comment votes, {} ratings, {} follows from a {:.1} MB export in {:.1} s; peak memory of this process: {}",
        report.count("comments"),
        report.count("comment votes"),
        report.count("ratings"),
        report.count("follows"),
        size as f64 / 1e6,
        elapsed.as_secs_f64(),
        support::peak_memory()
    );
    drop(conn);
    std::fs::remove_dir_all(&dir).unwrap();
}
