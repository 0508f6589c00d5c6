//! Evidence files a facility attaches to its questions (`docs/evidence.md`): which files are
//! accepted, the limits, the checks with their messages, the record a posted package keeps of
//! each file, and the readiness of each section (questions answered Yes or Partial Yes that a
//! verifier will ask evidence for, with nothing attached). The bytes themselves live in the
//! shell (the widget's IndexedDB, the bundle's ZIP): the core sees names, sizes and hashes.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::Answers;
use super::assess::Assessment;
use super::bank::Bank;
use super::message::{Arg, Message};
use super::schema::Question;

/// The largest file accepted: 10 MB (decimal: 10,000,000 bytes). A scan of a permit or a
/// year of meter readings fits; a video does not belong in a self-assessment.
pub const MAX_FILE_BYTES: u64 = 10_000_000;
/// The most a draft may hold in total: 100 MB. Browsers give a site a share of the disk, often
/// far more, but a bundle must also travel by e-mail or upload.
pub const MAX_TOTAL_BYTES: u64 = 100_000_000;
/// File names longer than this (in characters) are cut, keeping the extension.
pub const MAX_NAME_CHARS: usize = 100;

/// The file types accepted, by extension (lower case), with the media type recorded. Chosen by
/// extension because browsers often report no type for CSV or spreadsheets.
pub const ACCEPTED: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("webp", "image/webp"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("xls", "application/vnd.ms-excel"),
    ("csv", "text/csv"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
];

/// The accepted types as people name them, for messages and the attach control.
pub const ACCEPTED_NAMES: &str = "PDF, PNG, JPEG, WebP, XLSX, XLS, CSV, DOCX";

/// The file input's `accept` attribute: every accepted extension.
pub fn accept_attribute() -> String {
    ACCEPTED
        .iter()
        .map(|(ext, _)| format!(".{ext}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A file attached to a question in a draft, as the widget stores it beside the file's bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Unique within the draft (the shell makes it).
    pub id: String,
    /// The question's Ref ID.
    pub question: String,
    /// The file name, cleaned by [`clean_name`]; unique per question.
    pub name: String,
    pub media_type: String,
    pub size: u64,
    /// Lower-case hexadecimal SHA-256 of the bytes.
    pub sha256: String,
    /// CRC-32 of the bytes: a bundle's ZIP headers need it, and the widget then writes the
    /// bundle without reading every file again.
    pub crc32: u32,
}

impl Attachment {
    /// What a posted package records of this file.
    pub fn file(&self) -> EvidenceFile {
        EvidenceFile {
            question: self.question.clone(),
            name: self.name.clone(),
            media_type: self.media_type.clone(),
            size: self.size,
            sha256: self.sha256.clone(),
        }
    }
}

/// An evidence file as a posted package lists it (inside the hashed content).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    /// The question's Ref ID.
    pub question: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

impl EvidenceFile {
    /// Where the file is in a bundle, and beside a package file: `evidence/<Ref ID>/<name>`.
    pub fn path(&self) -> String {
        format!("evidence/{}/{}", self.question, self.name)
    }
}

/// A file name safe in a ZIP and on every system: no folders, no characters Windows refuses,
/// no control characters, no leading dots or spaces, at most [`MAX_NAME_CHARS`] characters
/// (the extension kept). Empty when nothing is left.
pub fn clean_name(name: &str) -> String {
    // A browser gives the bare name, but a path pasted or dropped may carry folders.
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let replaced: String = base
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = replaced
        .trim()
        .trim_start_matches('.')
        .trim_end_matches('.');
    let trimmed = trimmed.trim();
    if trimmed.chars().count() <= MAX_NAME_CHARS {
        return trimmed.to_string();
    }
    let (stem, ext) = match trimmed.rsplit_once('.') {
        Some((stem, ext)) if ext.chars().count() <= 8 => (stem, format!(".{ext}")),
        _ => (trimmed, String::new()),
    };
    let keep = MAX_NAME_CHARS - ext.chars().count();
    let stem: String = stem.chars().take(keep).collect();
    format!("{}{ext}", stem.trim_end())
}

/// The media type of an accepted file name, by its extension.
pub fn media_type(name: &str) -> Option<&'static str> {
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    ACCEPTED
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, media)| *media)
}

/// A size as people read it: "850 KB", "2.4 MB" (decimal units, as the limits are stated).
pub fn fmt_size(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1_000))
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// A file that may be attached: its cleaned name and media type.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub name: String,
    pub media_type: &'static str,
}

/// Checks a file before it is stored: its type, its size, a name already attached to the same
/// question, and the draft's total. `attached`: every file of the draft.
pub fn check_new(
    attached: &[Attachment],
    question: &str,
    name: &str,
    size: u64,
) -> Result<Accepted, Message> {
    let shown = || Arg::Text(name.to_string());
    let clean = clean_name(name);
    if clean.is_empty() {
        return Err(Message::new("attach.bad_name", vec![("name", shown())]));
    }
    let Some(media_type) = media_type(&clean) else {
        return Err(Message::new(
            "attach.type",
            vec![
                ("name", shown()),
                ("types", Arg::Text(ACCEPTED_NAMES.into())),
            ],
        ));
    };
    if size == 0 {
        return Err(Message::new("attach.empty", vec![("name", shown())]));
    }
    if size > MAX_FILE_BYTES {
        return Err(Message::new(
            "attach.too_large",
            vec![
                ("name", shown()),
                ("size", Arg::Text(fmt_size(size))),
                ("max", Arg::Text(fmt_size(MAX_FILE_BYTES))),
            ],
        ));
    }
    if attached
        .iter()
        .any(|a| a.question == question && a.name.to_lowercase() == clean.to_lowercase())
    {
        return Err(Message::new(
            "attach.duplicate",
            vec![("name", Arg::Text(clean))],
        ));
    }
    let used: u64 = attached.iter().map(|a| a.size).sum();
    if used + size > MAX_TOTAL_BYTES {
        return Err(Message::new(
            "attach.total",
            vec![
                ("name", shown()),
                ("used", Arg::Text(fmt_size(used))),
                ("max", Arg::Text(fmt_size(MAX_TOTAL_BYTES))),
            ],
        ));
    }
    Ok(Accepted {
        name: clean,
        media_type,
    })
}

/// Whether a verifier will ask evidence for this question: its evidence checklist
/// (`Question::evidence_checklist`) has items. The one place readiness asks it.
pub fn expects_evidence(question: &Question) -> bool {
    !question.evidence_checklist().is_empty()
}

/// One section's readiness for verification.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionReadiness {
    pub section: String,
    pub title: String,
    /// Questions shown and scored, answered Yes or Partial Yes, that expect evidence.
    pub expected: usize,
    /// Those of them with nothing attached, in display order.
    pub missing: Vec<String>,
}

/// Per applicable section: the questions answered Yes or Partial Yes, scored, that expect
/// evidence ([`expects_evidence`]) and have no file attached.
pub fn readiness(
    bank: &Bank,
    assessment: &Assessment<'_>,
    answers: &Answers,
    attached: &[Attachment],
) -> Vec<SectionReadiness> {
    assessment
        .sections
        .iter()
        .filter(|s| s.applicable)
        .map(|section| {
            let needing: Vec<String> = section
                .questions
                .iter()
                .filter(|q| q.scored && q.answered)
                .filter(|q| {
                    matches!(
                        answers.get(&q.id),
                        Some(Value::String(s)) if s == "yes" || s == "partial"
                    )
                })
                .filter(|q| bank.question(&q.id).is_some_and(expects_evidence))
                .map(|q| q.id.to_string())
                .collect();
            SectionReadiness {
                section: section.id.to_string(),
                title: section.title.to_string(),
                expected: needing.len(),
                missing: needing
                    .into_iter()
                    .filter(|id| !attached.iter().any(|a| a.question == *id))
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_folders_and_unsafe_characters() {
        assert_eq!(clean_name("C:\\scans\\permit.pdf"), "permit.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name(" a:b*c?.pdf "), "a_b_c_.pdf");
        assert_eq!(clean_name("..."), "");
        assert_eq!(
            clean_name("giấy phép 排污许可.pdf"),
            "giấy phép 排污许可.pdf"
        );
        let long = format!("{}.xlsx", "x".repeat(300));
        let cut = clean_name(&long);
        assert_eq!(cut.chars().count(), MAX_NAME_CHARS);
        assert!(cut.ends_with(".xlsx"));
    }

    #[test]
    fn sizes_read_in_decimal_units() {
        assert_eq!(fmt_size(1), "1 KB");
        assert_eq!(fmt_size(850_000), "850 KB");
        assert_eq!(fmt_size(10_000_000), "10.0 MB");
        assert_eq!(fmt_size(2_449_999), "2.4 MB");
    }

    #[test]
    fn media_types_by_extension_in_any_case() {
        assert_eq!(media_type("Scan.PDF"), Some("application/pdf"));
        assert_eq!(media_type("meter.Jpeg"), Some("image/jpeg"));
        assert_eq!(media_type("virus.exe"), None);
        assert_eq!(media_type("noextension"), None);
        assert!(accept_attribute().contains(".xlsx"));
    }
}
