//! `--state FILE`: the portal's data as JSON, loaded on start and written back after every call
//! that changed it, so a demo portal survives restarts.
//!
//! Writes go to a temporary file in the same directory that is then renamed over the old one, so a
//! crash mid-write never leaves a torn file. Only calls to methods that may write are saved
//! (`MethodSpec::writes`), so reads cost nothing even on a portal of 100 000 deals; among those,
//! a fingerprint of the serialised data keeps a write that changed nothing (or failed) from
//! rewriting the file.

use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use jiff::Timestamp;

use crate::sandbox::store::{PortalData, Seed};

pub struct StateFile {
    path: PathBuf,
    saved: AtomicU64,
}

impl StateFile {
    /// Loads the data from `path`, or seeds it (and writes the file) when there is none yet.
    pub fn open(path: &Path, seed: Seed, now: Timestamp) -> anyhow::Result<(Self, PortalData)> {
        let data = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("the state file {} is not portal data", path.display()))?,
            Err(error) if error.kind() == io::ErrorKind::NotFound => PortalData::seeded(seed, now),
            Err(error) => {
                return Err(error)
                    .with_context(|| format!("reading the state file {}", path.display()));
            }
        };
        let file = Self {
            path: path.to_owned(),
            saved: AtomicU64::new(0),
        };
        file.write(&data, fingerprint(&data)?)?;
        Ok((file, data))
    }

    /// Writes `data` unless it is what was written last.
    pub fn save_if_changed(&self, data: &PortalData) -> anyhow::Result<()> {
        let current = fingerprint(data)?;
        if current != self.saved.load(Ordering::Acquire) {
            self.write(data, current)?;
        }
        Ok(())
    }

    fn write(&self, data: &PortalData, fingerprint: u64) -> anyhow::Result<()> {
        let bytes = serde_json::to_vec(data).context("serialising the portal data")?;
        write_atomically(&self.path, &bytes)
            .with_context(|| format!("writing the state file {}", self.path.display()))?;
        self.saved.store(fingerprint, Ordering::Release);
        Ok(())
    }
}

fn fingerprint(data: &PortalData) -> anyhow::Result<u64> {
    let mut hasher = HashWriter(DefaultHasher::new());
    serde_json::to_writer(&mut hasher, data).context("serialising the portal data")?;
    Ok(hasher.0.finish())
}

/// Feeds serialised bytes into a hasher without keeping them.
struct HashWriter(DefaultHasher);

impl Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let mut temporary_name = name.to_owned();
    temporary_name.push(format!(".{}.tmp", std::process::id()));
    let temporary = path.with_file_name(temporary_name);
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_a_missing_file_then_loads_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portal.json");
        let now = Timestamp::now();
        let (_file, seeded) = StateFile::open(&path, Seed::Empty, now).unwrap();
        assert!(path.exists());
        let (_file, loaded) = StateFile::open(&path, Seed::Demo, now).unwrap();
        assert_eq!(
            serde_json::to_value(&loaded).unwrap(),
            serde_json::to_value(&seeded).unwrap()
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file stays behind");
    }

    #[test]
    fn unchanged_data_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portal.json");
        let (file, data) = StateFile::open(&path, Seed::Empty, Timestamp::now()).unwrap();
        std::fs::write(&path, b"marker").unwrap();
        file.save_if_changed(&data).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"marker");
    }

    #[test]
    fn a_corrupt_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portal.json");
        std::fs::write(&path, b"{").unwrap();
        let error = StateFile::open(&path, Seed::Empty, Timestamp::now())
            .err()
            .unwrap();
        assert!(format!("{error:#}").contains("portal.json"), "{error:#}");
    }
}
