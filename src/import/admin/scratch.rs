//! A directory of the import's own under the data dir, for the files of one upload or one run
//! (they may weigh gigabytes: never the system's temporary directory, often in memory), removed
//! when dropped; those a stopped process left behind are swept by the next import.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::Context as _;

/// A scratch directory, removed with everything in it when dropped.
#[derive(Debug)]
pub struct Scratch {
    dir: PathBuf,
}

/// How old a scratch directory must be to be taken for the leftover of a stopped process: no
/// upload or import of a live one lasts that long untouched.
const LEFTOVER: Duration = Duration::from_secs(24 * 60 * 60);

/// The parent of every scratch directory.
fn parent(data_dir: &Path) -> PathBuf {
    data_dir.join("import-scratch")
}

impl Scratch {
    /// Removes the scratch directories last changed more than a day before `now`; how many.
    pub fn sweep(data_dir: &Path, now: SystemTime) -> usize {
        let Ok(entries) = std::fs::read_dir(parent(data_dir)) else {
            return 0;
        };
        let old = |entry: &std::fs::DirEntry| {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|at| now.duration_since(at).is_ok_and(|age| age > LEFTOVER))
        };
        entries
            .flatten()
            .filter(old)
            .filter(|entry| std::fs::remove_dir_all(entry.path()).is_ok())
            .count()
    }

    /// Creates `<data_dir>/import-scratch/<random>`.
    pub fn new(data_dir: &Path) -> anyhow::Result<Self> {
        let mut bytes = [0u8; 12];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dir = parent(data_dir).join(name);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Self { dir })
    }

    /// The path of `name` inside.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_dir_all(&self.dir) {
            tracing::warn!(error = %error, dir = %self.dir.display(), "scratch files left behind");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leftover_is_swept_and_a_live_directory_kept() {
        let data_dir = std::env::temp_dir().join(format!("sillage-sweep-{}", std::process::id()));
        let live = Scratch::new(&data_dir).unwrap();
        std::fs::write(live.path("export.xml"), b"<rss/>").unwrap();
        assert_eq!(Scratch::sweep(&data_dir, SystemTime::now()), 0);
        assert!(live.path("export.xml").exists());
        let later = SystemTime::now() + LEFTOVER + Duration::from_secs(60);
        assert_eq!(Scratch::sweep(&data_dir, later), 1);
        assert!(!live.path("export.xml").exists());
        drop(live);
        std::fs::remove_dir_all(data_dir).unwrap();
    }
}
