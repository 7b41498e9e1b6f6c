//! The zip of `wp-content/uploads`: checked when it arrives (a readable archive, no entry whose
//! path leaves its folder, a bounded unpacked size) and unpacked for the worker under the same
//! rules, counting the bytes really written rather than those the archive declares.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

/// Why an archive is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipRefusal {
    /// Not a zip archive, or a damaged one.
    Unreadable,
    /// An entry whose path leaves the archive's folder (`../`, an absolute path): its name.
    OutsidePath(String),
    /// It unpacks to more than allowed.
    TooLarge,
    /// Unpacking it failed on this side (a full disk): the reason.
    Write(String),
}

fn open(path: &Path) -> Result<ZipArchive<BufReader<File>>, ZipRefusal> {
    let file = File::open(path).map_err(|e| ZipRefusal::Write(e.to_string()))?;
    ZipArchive::new(BufReader::new(file)).map_err(|_| ZipRefusal::Unreadable)
}

/// The entry's name as the archive spells it.
fn name_of<R: Read>(entry: &zip::read::ZipFile<'_, R>) -> String {
    entry.name().map_or_else(
        |_| String::from_utf8_lossy(entry.name_raw()).into_owned(),
        |n| n.into_owned(),
    )
}

/// Checks the archive at `path` from its directory, unpacking nothing.
pub fn check(path: &Path, max_bytes: u64) -> Result<(), ZipRefusal> {
    let mut archive = open(path)?;
    let mut total = 0u64;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|_| ZipRefusal::Unreadable)?;
        if entry.enclosed_name().is_none() {
            return Err(ZipRefusal::OutsidePath(name_of(&entry)));
        }
        total = total.saturating_add(entry.size());
        if total > max_bytes {
            return Err(ZipRefusal::TooLarge);
        }
    }
    Ok(())
}

/// Unpacks the archive at `path` into `into` (symbolic links are left out) and returns the
/// folder that holds the years: the archive may hold `uploads/` or `wp-content/uploads/`.
pub fn extract(path: &Path, into: &Path, max_bytes: u64) -> Result<PathBuf, ZipRefusal> {
    let write = |e: std::io::Error| ZipRefusal::Write(e.to_string());
    let mut archive = open(path)?;
    let mut total = 0u64;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|_| ZipRefusal::Unreadable)?;
        let Some(name) = entry.enclosed_name() else {
            return Err(ZipRefusal::OutsidePath(name_of(&entry)));
        };
        let target = into.join(name);
        if entry.is_dir() {
            std::fs::create_dir_all(&target).map_err(write)?;
            continue;
        }
        if entry.is_symlink() {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write)?;
        }
        let mut out = File::create(&target).map_err(write)?;
        let left = max_bytes - total;
        let copied = std::io::copy(&mut (&mut entry).take(left + 1), &mut out)
            .map_err(|_| ZipRefusal::Unreadable)?;
        total += copied;
        if total > max_bytes {
            return Err(ZipRefusal::TooLarge);
        }
    }
    root(into).map_err(write)
}

/// Goes down the folders that are alone in their parent and not a year.
fn root(dir: &Path) -> std::io::Result<PathBuf> {
    let mut dir = dir.to_path_buf();
    loop {
        let entries: Vec<_> = std::fs::read_dir(&dir)?.collect::<Result<_, _>>()?;
        let [only] = entries.as_slice() else {
            return Ok(dir);
        };
        let name = only.file_name();
        let is_year = name
            .to_str()
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
        if is_year || !only.file_type()?.is_dir() {
            return Ok(dir);
        }
        dir = only.path();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn archive(dir: &Path, entries: &[(&str, &[u8])]) -> PathBuf {
        let path = dir.join("test.zip");
        let mut writer = zip::ZipWriter::new(File::create(&path).unwrap());
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap();
        path
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sillage-unzip-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn an_uploads_folder_unpacks_to_its_years() {
        let dir = scratch("years");
        let zip = archive(&dir, &[("wp-content/uploads/2025/06/a.png", b"png")]);
        check(&zip, 100).unwrap();
        let root = extract(&zip, &dir.join("out"), 100).unwrap();
        assert_eq!(root, dir.join("out/wp-content/uploads"));
        assert_eq!(std::fs::read(root.join("2025/06/a.png")).unwrap(), b"png");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_path_out_of_the_folder_is_refused() {
        let dir = scratch("slip");
        let zip = archive(&dir, &[("../../evil.txt", b"x")]);
        assert_eq!(
            check(&zip, 100),
            Err(ZipRefusal::OutsidePath("../../evil.txt".into()))
        );
        assert!(extract(&zip, &dir.join("out"), 100).is_err());
        assert!(!dir.join("evil.txt").exists());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_archive_that_unpacks_past_the_cap_is_refused() {
        let dir = scratch("bomb");
        let zeros = vec![0u8; 100_000];
        let zip = archive(&dir, &[("2025/zeros.bin", &zeros)]);
        assert_eq!(check(&zip, 10_000), Err(ZipRefusal::TooLarge));
        assert_eq!(
            extract(&zip, &dir.join("out"), 10_000),
            Err(ZipRefusal::TooLarge)
        );
        std::fs::write(dir.join("not.zip"), b"plain text").unwrap();
        assert_eq!(check(&dir.join("not.zip"), 10), Err(ZipRefusal::Unreadable));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
