//! A private PostgreSQL cluster run from the server binaries installed on the machine, so that
//! a first start needs no database setup. It listens on a unix socket only, trusts the local
//! user (the socket directory is closed to everyone else) and is stopped when the process ends.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, bail};
use nix::unistd::{Uid, User};

/// The database and role created in a private cluster.
pub const DATABASE_NAME: &str = "sillage";

/// Options for a private cluster.
#[derive(Debug, Clone, Default)]
pub struct ClusterOptions {
    /// Trade durability for speed (`fsync`, `full_page_writes` off): for test clusters only.
    pub ephemeral: bool,
}

/// A running private cluster; [`LocalCluster::stop`] ends it.
#[derive(Debug)]
pub struct LocalCluster {
    data_dir: PathBuf,
    socket_dir: PathBuf,
    bin_dir: PathBuf,
    run_as: Option<User>,
    started_here: bool,
}

impl LocalCluster {
    /// Initialises the cluster under `dir` if needed, starts it and creates the database.
    pub fn start(dir: &Path, options: &ClusterOptions) -> anyhow::Result<Self> {
        let bin_dir = find_server_binaries()?;
        let run_as = postgres_user_when_root()?;
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}", dir.display()))?;
        let dir = dir
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", dir.display()))?;
        if let Some(user) = &run_as {
            check_reachable_by(&dir, user)?;
        }
        let cluster = Self {
            data_dir: dir.join("data"),
            socket_dir: dir.join("run"),
            bin_dir,
            run_as,
            started_here: false,
        };
        cluster.prepare_directories()?;
        if !cluster.data_dir.join("PG_VERSION").exists() {
            cluster.init(options)?;
        }
        cluster.launch()
    }

    /// The connection string of the cluster's database (or of `database` when given).
    pub fn url(&self, database: &str) -> String {
        format!(
            "host='{}' user={DATABASE_NAME} dbname={database}",
            self.socket_dir.display().to_string().replace('\'', "\\'")
        )
    }

    /// Stops the cluster if this process started it (a fast shutdown: sessions are ended).
    pub fn stop(&self) -> anyhow::Result<()> {
        if !self.started_here {
            return Ok(());
        }
        let output = self.pg_ctl(&["stop", "-m", "fast", "-w"])?;
        if !output.status.success() {
            bail!("pg_ctl stop failed: {}", describe(&output));
        }
        Ok(())
    }

    /// Restarts the cluster (a fast shutdown: sessions are ended) and waits until it accepts
    /// connections again.
    pub fn restart(&self) -> anyhow::Result<()> {
        let log = self.data_dir.join("server.log");
        let log = log.to_string_lossy().into_owned();
        let output = self.pg_ctl(&["restart", "-m", "fast", "-w", "-t", "60", "-l", &log])?;
        if !output.status.success() {
            bail!(
                "the private PostgreSQL cluster did not restart: {} (see {log})",
                describe(&output)
            );
        }
        Ok(())
    }

    fn prepare_directories(&self) -> anyhow::Result<()> {
        for dir in [&self.data_dir, &self.socket_dir] {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .with_context(|| format!("cannot restrict {}", dir.display()))?;
            if let Some(user) = &self.run_as {
                nix::unistd::chown(dir, Some(user.uid), Some(user.gid)).with_context(|| {
                    format!("cannot give {} to the postgres user", dir.display())
                })?;
            }
        }
        Ok(())
    }

    fn init(&self, options: &ClusterOptions) -> anyhow::Result<()> {
        tracing::info!(dir = %self.data_dir.display(), "initialising a private PostgreSQL cluster");
        let output = self
            .command("initdb")
            .arg("-D")
            .arg(&self.data_dir)
            .args([
                "-U",
                DATABASE_NAME,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
            ])
            .output()
            .context("cannot run initdb")?;
        if !output.status.success() {
            bail!("initdb failed: {}", describe(&output));
        }
        let mut conf = format!(
            "\n# Written by Sillage: a private cluster reachable through its socket only.\n\
             listen_addresses = ''\nunix_socket_directories = '{}'\nunix_socket_permissions = 0700\n",
            self.socket_dir.display().to_string().replace('\'', "''")
        );
        if options.ephemeral {
            conf.push_str("fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n");
        }
        let conf_path = self.data_dir.join("postgresql.conf");
        let mut existing = std::fs::read_to_string(&conf_path)
            .with_context(|| format!("cannot read {}", conf_path.display()))?;
        existing.push_str(&conf);
        std::fs::write(&conf_path, existing)
            .with_context(|| format!("cannot write {}", conf_path.display()))
    }

    fn launch(mut self) -> anyhow::Result<Self> {
        if self.pg_ctl(&["status"])?.status.success() {
            tracing::info!("the private PostgreSQL cluster is already running; using it");
            return Ok(self);
        }
        let log = self.data_dir.join("server.log");
        let log = log.to_string_lossy().into_owned();
        let output = self.pg_ctl(&["start", "-w", "-t", "60", "-l", &log])?;
        if !output.status.success() {
            bail!(
                "the private PostgreSQL cluster did not start: {} (see {log})",
                describe(&output)
            );
        }
        self.started_here = true;
        self.create_database()?;
        Ok(self)
    }

    fn create_database(&self) -> anyhow::Result<()> {
        let output = self
            .command("psql")
            .arg("-h")
            .arg(&self.socket_dir)
            .args(["-U", DATABASE_NAME, "-d", "postgres", "-tAc"])
            .arg(format!(
                "SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'"
            ))
            .output()
            .context("cannot run psql")?;
        if String::from_utf8_lossy(&output.stdout).trim() == "1" {
            return Ok(());
        }
        let output = self
            .command("createdb")
            .arg("-h")
            .arg(&self.socket_dir)
            .args(["-U", DATABASE_NAME, DATABASE_NAME])
            .output()
            .context("cannot run createdb")?;
        if !output.status.success() {
            bail!("createdb failed: {}", describe(&output));
        }
        Ok(())
    }

    fn pg_ctl(&self, args: &[&str]) -> anyhow::Result<Output> {
        self.command("pg_ctl")
            .arg("-D")
            .arg(&self.data_dir)
            .args(args)
            .output()
            .context("cannot run pg_ctl")
    }

    /// A command for one of the server binaries, run as the postgres user when we are root.
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(self.bin_dir.join(program));
        command.env("LC_ALL", "C").current_dir(&self.data_dir);
        if let Some(user) = &self.run_as {
            command
                .uid(user.uid.as_raw())
                .gid(user.gid.as_raw())
                .env("HOME", &user.dir);
        }
        command
    }
}

/// Finds `initdb` and `pg_ctl`: `pg_config --bindir` first, then `/usr/lib/postgresql/*/bin`.
fn find_server_binaries() -> anyhow::Result<PathBuf> {
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    let mut candidates: Vec<PathBuf> = from_pg_config.into_iter().collect();
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path().join("bin"))
            .collect();
        versions.sort();
        candidates.extend(versions.into_iter().rev());
    }
    candidates
        .into_iter()
        .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
        .context(
            "no PostgreSQL server binaries found (initdb, pg_ctl). Install the PostgreSQL \
             server package (Debian: `apt-get install postgresql`), or set DATABASE_URL to use \
             an existing server",
        )
}

fn postgres_user_when_root() -> anyhow::Result<Option<User>> {
    if !Uid::effective().is_root() {
        return Ok(None);
    }
    let user = User::from_name("postgres")
        .context("cannot look up the postgres system user")?
        .context(
            "running as root, the private cluster runs as the `postgres` system user, which \
             does not exist: install the PostgreSQL server package or set DATABASE_URL",
        )?;
    Ok(Some(user))
}

/// PostgreSQL refuses to run as root, so the `postgres` user must be able to walk to `dir`.
fn check_reachable_by(dir: &Path, user: &User) -> anyhow::Result<()> {
    for ancestor in dir.ancestors().skip(1) {
        let meta = std::fs::metadata(ancestor)
            .with_context(|| format!("cannot inspect {}", ancestor.display()))?;
        let mode = meta.permissions().mode();
        let reachable = mode & 0o001 != 0
            || (meta.uid() == user.uid.as_raw() && mode & 0o100 != 0)
            || (meta.gid() == user.gid.as_raw() && mode & 0o010 != 0);
        if !reachable {
            bail!(
                "the private PostgreSQL cluster runs as the `postgres` user, which cannot reach \
                 {} ({} is mode {:o}). Set SILLAGE_DATA_DIR to a directory it can reach \
                 (for example /var/lib/sillage), or run Sillage as a regular user, or set \
                 DATABASE_URL to use an existing server",
                dir.display(),
                ancestor.display(),
                mode & 0o777
            );
        }
    }
    Ok(())
}

fn describe(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    format!("{} {}", stderr.trim(), stdout.trim())
        .trim()
        .to_owned()
}
