//! The command line: `sillage serve` (default), `migrate`, `worker`, `demo`, `admin create`,
//! `import wordpress`.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::watch;

use crate::auth::author::{Author, NewAuthor};
use crate::auth::password::{self, Passwords};
use crate::db::Database;
use crate::demo;
use crate::domain::{DisplayName, EmailAddress};
use crate::import::context::CategoryChoice;
use crate::import::report::Progress;
use crate::import::{ImportOptions, import_wordpress};
use crate::jobs::JobContext;
use crate::settings::Settings;
use crate::startup::Application;
use crate::worker::Worker;

/// Sillage: a self-hosted publishing platform for an independent writer.
#[derive(Debug, Parser)]
#[command(name = "sillage", version, about)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site and run the background worker (the default).
    Serve,
    /// Apply the pending database migrations and exit.
    Migrate,
    /// Run the background worker alone (several nodes may share the load).
    Worker,
    /// Load the demo content (running it twice changes nothing).
    Demo,
    /// Manage author accounts.
    Admin {
        /// The admin action.
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Import content from another platform (running it twice changes nothing).
    Import {
        /// Where the content comes from.
        #[command(subcommand)]
        source: ImportSource,
    },
}

/// Platforms to import from.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// A WordPress export (Tools → Export → All content), with wpDiscuz's data from a SQL dump.
    Wordpress {
        /// The WXR file.
        wxr: PathBuf,
        /// A SQL dump of wpDiscuz's tables and wp_options (votes, ratings, subscriptions).
        #[arg(long = "wpdiscuz-sql", value_name = "DUMP.sql")]
        wpdiscuz_sql: Option<PathBuf>,
        /// A copy of wp-content/uploads: images are stored here, never fetched.
        #[arg(long, value_name = "DIR")]
        uploads: Option<PathBuf>,
        /// What categories become: themes (like tags), or each article's first one its series.
        #[arg(long, value_enum, default_value = "themes")]
        categories: CategoryChoice,
        /// Read everything and report what would be imported, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Author account commands.
#[derive(Debug, Subcommand)]
pub enum AdminAction {
    /// Create the author account (or reset its name and password). The password is read from
    /// the terminal or from SILLAGE_ADMIN_PASSWORD.
    Create {
        /// Login email address.
        #[arg(long)]
        email: String,
        /// Name shown on articles.
        #[arg(long)]
        name: String,
    },
}

/// Runs the command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
            tracing::info!(port = app.port(), "Sillage is serving");
            app.run_until_stopped().await
        }
        Command::Migrate => Database::open(&settings).await.map(Database::close),
        Command::Worker => run_worker(settings).await,
        Command::Demo => {
            let database = Database::open(&settings).await?;
            let result = load_demo(&database).await;
            database.close();
            result
        }
        Command::Import {
            source:
                ImportSource::Wordpress {
                    wxr,
                    wpdiscuz_sql,
                    uploads,
                    categories,
                    dry_run,
                },
        } => {
            let options = ImportOptions {
                wxr,
                wpdiscuz_sql,
                uploads,
                dry_run,
                categories,
                zone: settings.site.timezone,
                messages: settings.site.locale.messages(),
                max_pixels: settings.images.max_pixels,
            };
            let database = Database::open(&settings).await?;
            let result = run_import(&database, &options).await;
            database.close();
            result
        }
        Command::Admin {
            action: AdminAction::Create { email, name },
        } => {
            let password = read_password()?;
            let database = Database::open(&settings).await?;
            let result = create_author(&database, &email, &name, password).await;
            database.close();
            result
        }
    }
}

async fn load_demo(database: &Database) -> anyhow::Result<()> {
    let mut conn = database
        .pool
        .get()
        .await
        .context("no database connection")?;
    let added = demo::load(&mut conn, Utc::now()).await?;
    println!("demo content loaded: {added} article(s) added");
    Ok(())
}

async fn run_import(database: &Database, options: &ImportOptions) -> anyhow::Result<()> {
    let mut conn = database
        .pool
        .get()
        .await
        .context("no database connection")?;
    let bar = std::io::stderr().is_terminal().then(progress_bar);
    let progress = |read: Progress| {
        if let Some(bar) = &bar {
            bar.set_position(read.items);
            bar.set_message(format!(
                "{} articles, {} comments",
                read.articles, read.comments
            ));
        }
    };
    let report = import_wordpress(&mut conn, options, Utc::now(), progress).await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = report?;
    print!("{report}");
    match &report.failure {
        Some(failure) => bail!("the export could not be read to its end: {failure}"),
        None => Ok(()),
    }
}

/// The import's bar on the terminal: the export is streamed, so its length is unknown and the
/// bar counts what was read.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} items read: {msg}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

async fn run_worker(settings: Settings) -> anyhow::Result<()> {
    let database = Database::open(&settings).await?;
    let (stop, stopped) = watch::channel(false);
    let jobs = match JobContext::open(&settings, database.pool.clone()).await {
        Ok(jobs) => jobs,
        Err(error) => {
            database.close();
            return Err(error);
        }
    };
    let task = tokio::spawn(Worker::new(jobs).run(database.url.clone(), stopped));
    wait_for_signal().await?;
    let _ = stop.send(true);
    let result = task
        .await
        .context("the worker task panicked")
        .and_then(|r| r);
    database.close();
    result
}

async fn wait_for_signal() -> anyhow::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result.context("cannot listen for Ctrl-C"),
        _ = term.recv() => Ok(()),
    }
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("SILLAGE_ADMIN_PASSWORD") {
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to read the password from: set SILLAGE_ADMIN_PASSWORD");
    }
    let password = rpassword::prompt_password("Password: ")?;
    let confirm = rpassword::prompt_password("Password again: ")?;
    if password != confirm {
        bail!("the two passwords differ");
    }
    Ok(password)
}

async fn create_author(
    database: &Database,
    email: &str,
    name: &str,
    password: String,
) -> anyhow::Result<()> {
    let email = EmailAddress::parse(email)
        .with_context(|| format!("`{email}` is not a valid email address"))?;
    let name = DisplayName::parse(name)
        .context("the name must be 1 to 100 characters long, without control characters")?;
    let length = password.chars().count();
    if !(password::MIN_LEN..=password::MAX_LEN).contains(&length) {
        bail!(
            "the password must be {} to {} characters long",
            password::MIN_LEN,
            password::MAX_LEN
        );
    }
    let hash = Passwords::new()?.hash(password).await?;
    let mut conn = database
        .pool
        .get()
        .await
        .context("no database connection")?;
    let author = Author::upsert(
        &mut conn,
        NewAuthor {
            email: email.as_str(),
            display_name: name.as_str(),
            password_hash: &hash,
        },
    )
    .await?;
    let closed = crate::auth::session::close_all(&mut conn, author.id).await?;
    println!(
        "author account ready: {} ({} open session(s) closed)",
        author.email, closed
    );
    Ok(())
}
