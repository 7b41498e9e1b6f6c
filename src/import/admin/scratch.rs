//! A directory of the import's own under the data dir, for the files of one upload or one run
//! (they may weigh gigabytes: never the system's temporary directory, often in memory), removed
//! when dropped.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// A scratch directory, removed with everything in it when dropped.
#[derive(Debug)]
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    /// Creates `<data_dir>/import-scratch/<random>`.
    pub fn new(data_dir: &Path) -> anyhow::Result<Self> {
        let mut bytes = [0u8; 12];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dir = data_dir.join("import-scratch").join(name);
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
