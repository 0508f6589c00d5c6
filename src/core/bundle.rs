//! The evidence bundle: one ZIP file (`docs/package-format.md`, "The evidence bundle") holding
//! the posted package (`<name>.ofem.json` at the top) and each evidence file it lists under
//! `evidence/<Ref ID>/<name>`, stored uncompressed. It opens with any unzip tool, and
//! `openfem verify` checks it whole.

use std::collections::BTreeMap;

use super::evidence::Attachment;
use super::posting::{Package, PackageError};
use crate::zip::{self, Entry, Part};

/// The ZIP layout of a bundle: the package file first (its bytes are `package_json`), then the
/// files, each with the size and CRC-32 recorded when it was attached. The widget fills the
/// `Part::Entry`s with the package text and the stored files.
pub fn layout(package_name: &str, package_json: &[u8], files: &[&Attachment]) -> Vec<Part> {
    let mut entries = vec![Entry {
        name: package_name.to_string(),
        size: package_json.len() as u32,
        crc32: zip::crc32(package_json),
    }];
    entries.extend(files.iter().map(|a| Entry {
        name: a.file().path(),
        size: a.size as u32,
        crc32: a.crc32,
    }));
    zip::layout(&entries)
}

/// A bundle in memory: the package file (name, text) and the files by their bundle path.
pub fn write(package_name: &str, package: &Package, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut all = vec![(
        package_name.to_string(),
        package.to_json_pretty().into_bytes(),
    )];
    all.extend(files.iter().cloned());
    zip::write(&all)
}

/// A bundle as read: its package, the package's name inside, and every file under `evidence/`.
#[derive(Debug)]
pub struct Bundle {
    pub package_name: String,
    pub package: Package,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Why a bundle cannot be read (English; the CLI prints it after the file name).
#[derive(Debug)]
pub enum BundleError {
    Zip(zip::ZipError),
    /// No `.ofem.json` at the top of the archive, or more than one.
    Packages(usize),
    NotText(String),
    Package {
        name: String,
        error: PackageError,
    },
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::Zip(e) => write!(f, "not a readable bundle: {e}"),
            BundleError::Packages(n) => write!(
                f,
                "a bundle holds exactly one .ofem.json at its top level; this one has {n}"
            ),
            BundleError::NotText(name) => write!(f, "{name}: not UTF-8 text"),
            BundleError::Package { name, error } => write!(f, "{name}: {error}"),
        }
    }
}

impl std::error::Error for BundleError {}

/// Reads a bundle: one package file at the top level, the evidence files under `evidence/`.
/// Other entries (a folder entry a tool added) are ignored.
pub fn read(data: &[u8]) -> Result<Bundle, BundleError> {
    let entries = zip::read(data).map_err(BundleError::Zip)?;
    let packages: Vec<&(String, Vec<u8>)> = entries
        .iter()
        .filter(|(name, _)| !name.contains('/') && name.ends_with(".ofem.json"))
        .collect();
    let [(name, bytes)] = packages[..] else {
        return Err(BundleError::Packages(packages.len()));
    };
    let text = std::str::from_utf8(bytes).map_err(|_| BundleError::NotText(name.clone()))?;
    let package = Package::parse(text).map_err(|error| BundleError::Package {
        name: name.clone(),
        error,
    })?;
    let files = entries
        .iter()
        .filter(|(path, _)| path.starts_with("evidence/") && !path.ends_with('/'))
        .cloned()
        .collect();
    Ok(Bundle {
        package_name: name.clone(),
        package,
        files,
    })
}
