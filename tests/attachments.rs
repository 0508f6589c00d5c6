//! Evidence files (`core::evidence`, `core::bundle`, `docs/evidence.md`): the limits and their
//! messages, the readiness view's computation, the package's hash with an evidence list (and
//! unchanged without one), and the bundle: a ZIP standard tools open, that `openfem verify`
//! checks file by file.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::cli::{facility, fresh_dir, openfem, posted_facility};
use openfem::core::bundle;
use openfem::core::evidence::{check_new, readiness, Attachment, MAX_FILE_BYTES, MAX_TOTAL_BYTES};
use openfem::core::posting::{verify, verify_evidence, Mismatch, Package};
use openfem::core::{evaluate, Bank};
use openfem::sha256::{hex, sha256};
use openfem::zip;

fn dir(name: &str) -> PathBuf {
    fresh_dir("evidence", name)
}

fn attachment(id: &str, question: &str, name: &str, bytes: &[u8]) -> Attachment {
    let accepted = check_new(&[], question, name, bytes.len() as u64).unwrap();
    Attachment {
        id: id.into(),
        question: question.into(),
        name: accepted.name,
        media_type: accepted.media_type.into(),
        size: bytes.len() as u64,
        sha256: hex(&sha256(bytes)),
        crc32: zip::crc32(bytes),
    }
}

#[test]
fn the_limits_refuse_with_a_message_naming_the_file() {
    let key = |r: Result<_, openfem::core::message::Message>| r.unwrap_err().key;
    assert_eq!(
        key(check_new(&[], "emsmgmt", "setup.exe", 10)),
        "attach.type"
    );
    assert_eq!(
        key(check_new(&[], "emsmgmt", "blank.pdf", 0)),
        "attach.empty"
    );
    let too_large = check_new(&[], "emsmgmt", "scan.pdf", MAX_FILE_BYTES + 1).unwrap_err();
    assert_eq!(too_large.key, "attach.too_large");
    assert_eq!(
        too_large.english(),
        "\"scan.pdf\" is 10.0 MB; the largest file accepted is 10.0 MB"
    );
    // Exactly at the limit is accepted.
    let ok = check_new(&[], "emsmgmt", "Scan.PDF", MAX_FILE_BYTES).unwrap();
    assert_eq!(
        (ok.name.as_str(), ok.media_type),
        ("Scan.PDF", "application/pdf")
    );

    // The same name twice on one question (in any case) is refused; on another it is not.
    let one = attachment("a1", "emsmgmt", "policy.pdf", b"%PDF-1.4");
    assert_eq!(
        key(check_new(
            std::slice::from_ref(&one),
            "emsmgmt",
            "POLICY.pdf",
            5
        )),
        "attach.duplicate"
    );
    assert!(check_new(&[one], "emsplan", "policy.pdf", 5).is_ok());

    // The draft's total: ten files of 9.9 MB leave no room for 1.1 MB more.
    let big: Vec<Attachment> = (0..10)
        .map(|i| Attachment {
            size: 9_900_000,
            ..attachment(&format!("b{i}"), "emsmgmt", &format!("m{i}.pdf"), b"x")
        })
        .collect();
    assert!(check_new(&big, "emsplan", "more.xlsx", 1_000_000).is_ok());
    let total = check_new(&big, "emsplan", "more.xlsx", 1_000_001).unwrap_err();
    assert_eq!(total.key, "attach.total");
    assert_eq!(
        total.english(),
        "\"more.xlsx\" does not fit: this draft's files already use 99.0 MB of 100.0 MB"
    );
    assert_eq!(MAX_TOTAL_BYTES, 10 * MAX_FILE_BYTES);
}

#[test]
fn readiness_lists_yes_and_partial_answers_with_a_checklist_and_nothing_attached() {
    let bank = Bank::builtin().unwrap();
    let doc = facility(&bank);
    let assessment = evaluate(&bank, &doc.answers);
    let before = readiness(&bank, &assessment, &doc.answers, &[]);
    let ems = before.iter().find(|s| s.section == "ems").unwrap();
    assert!(ems.expected > 0);
    assert_eq!(ems.missing.len(), ems.expected);
    // Every question listed is answered Yes or Partial, scored, with an evidence checklist.
    for section in &before {
        for id in &section.missing {
            let q = bank.question(id).unwrap();
            assert!(
                q.score.is_some() && !q.evidence_checklist().is_empty(),
                "{id}"
            );
            let answer = doc.answers.get(id).and_then(|v| v.as_str()).unwrap();
            assert!(answer == "yes" || answer == "partial", "{id}: {answer}");
        }
    }
    // A question answered No is never listed, even with a checklist.
    let no: Vec<&String> = doc
        .answers
        .iter()
        .filter(|(_, v)| v.as_str() == Some("no"))
        .map(|(k, _)| k)
        .collect();
    assert!(before
        .iter()
        .all(|s| s.missing.iter().all(|id| !no.contains(&id))));

    // One file attached to the first missing question takes it off the list, only it.
    let first = ems.missing[0].clone();
    let files = [attachment("a1", &first, "proof.pdf", b"%PDF")];
    let after = readiness(&bank, &assessment, &doc.answers, &files);
    let ems_after = after.iter().find(|s| s.section == "ems").unwrap();
    assert_eq!(ems_after.expected, ems.expected);
    assert_eq!(ems_after.missing.len(), ems.missing.len() - 1);
    assert!(!ems_after.missing.contains(&first));
}

#[test]
fn a_package_without_evidence_hashes_exactly_as_before() {
    let (_, package) = posted_facility();
    assert_eq!(package.version, 1);
    assert!(!package.canonical().contains("evidence"));
    assert!(!package.to_json_pretty().contains("evidence"));
    // The hash docs/package-format.md shows, made before packages could list evidence.
    assert_eq!(
        package.sha256,
        "52b6e85d998ca4219b5519823f1410642eff5e91a94e4ef1214aec112ecec10d"
    );
}

fn posted_with_evidence() -> (Bank, Package, Vec<(String, Vec<u8>)>) {
    let bank = Bank::builtin().unwrap();
    let doc = facility(&bank);
    let files: Vec<(&str, &str, Vec<u8>)> = vec![
        ("emsmgmt", "EMS policy.pdf", b"%PDF-1.4 policy".to_vec()),
        (
            "emsmgmt",
            "organigram.png",
            vec![0x89, b'P', b'N', b'G', 0, 1],
        ),
        (
            "airplan",
            "kế hoạch khí thải 2026.xlsx",
            b"PK sheet".to_vec(),
        ),
    ];
    let attached: Vec<Attachment> = files
        .iter()
        .enumerate()
        .map(|(i, (q, name, bytes))| attachment(&format!("a{i}"), q, name, bytes))
        .collect();
    let listed: Vec<_> = attached.iter().map(Attachment::file).collect();
    let package = Package::post(
        &bank,
        &doc.answers,
        &doc.dismissed_checks,
        &listed,
        "2026-12-06T05:00:00.000Z",
    );
    let contents = attached
        .iter()
        .zip(&files)
        .map(|(a, (_, _, bytes))| (a.file().path(), bytes.clone()))
        .collect();
    (bank, package, contents)
}

#[test]
fn the_evidence_list_is_inside_the_hash() {
    let (bank, package, _) = posted_with_evidence();
    assert_eq!(package.version, 2);
    assert_eq!(package.evidence.len(), 3);
    // Sorted by question, then name.
    assert_eq!(package.evidence[0].question, "airplan");
    assert!(package.canonical().contains("\"evidence\":[{"));
    assert!(verify(&package, &[&bank]).is_empty());
    let again = Package::parse(&package.to_json_pretty()).unwrap();
    assert_eq!(again, package);

    // A file swapped for another (its hash changed in the list) changes the package's hash.
    let mut swapped = package.clone();
    swapped.evidence[1].sha256 = hex(&sha256(b"another file"));
    assert!(matches!(
        verify(&swapped, &[&bank])[..],
        [Mismatch::Hash { .. }]
    ));
    // An entry for a question the bank does not have is named.
    let mut unknown = package.clone();
    unknown.evidence[0].question = "nosuchquestion".into();
    unknown.sha256 = unknown.digest();
    let found = verify(&unknown, &[&bank]);
    assert!(
        found
            .iter()
            .any(|m| m.to_string().contains("evidence/nosuchquestion/")),
        "{found:?}"
    );
}

#[test]
fn verify_evidence_names_a_missing_a_changed_and_an_unlisted_file() {
    let (_, package, files) = posted_with_evidence();
    let get = |files: &[(String, Vec<u8>)], p: &str| {
        files.iter().find(|(n, _)| n == p).map(|(_, b)| b.clone())
    };
    assert!(verify_evidence(&package, |p| get(&files, p), &[]).is_empty());
    let mut changed = files.clone();
    changed[0].1[0] ^= 1;
    let found = verify_evidence(&package, |p| get(&changed, p), &[]);
    assert_eq!(found.len(), 1);
    assert!(found[0].to_string().starts_with(&format!(
        "evidence changed: {}: the package records sha256",
        files[0].0
    )));
    let found = verify_evidence(
        &package,
        |p| get(&files[1..], p),
        &["evidence/emsmgmt/extra.pdf".to_string()],
    );
    let text: Vec<String> = found.iter().map(|m| m.to_string()).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(text[0].contains(&format!("evidence missing: {}", files[0].0)));
    assert!(text[1].contains("evidence not listed: evidence/emsmgmt/extra.pdf"));
}

fn run_ok(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{program} {args:?}: {text}");
    text
}

#[test]
fn the_bundle_opens_with_standard_tools_and_verifies() {
    let (_, package, files) = posted_with_evidence();
    let d = dir("bundle");
    let zip_path = d.join("facility.zip");
    std::fs::write(
        &zip_path,
        bundle::write("facility.ofem.json", &package, &files),
    )
    .unwrap();
    let zip_file = zip_path.to_str().unwrap();

    // Python's zipfile tests every CRC and lists the names (UTF-8).
    run_ok("python3", &["-m", "zipfile", "-t", zip_file]);
    let listing = run_ok("python3", &["-m", "zipfile", "-l", zip_file]);
    assert!(listing.contains("facility.ofem.json"), "{listing}");
    assert!(
        listing.contains("evidence/airplan/kế hoạch khí thải 2026.xlsx"),
        "{listing}"
    );
    assert!(
        listing.contains("evidence/emsmgmt/EMS policy.pdf"),
        "{listing}"
    );
    // Info-ZIP's unzip, where installed, tests it too; then the files beside the package verify.
    let unzip = Command::new("unzip").arg("-v").output().is_ok();
    if unzip {
        run_ok("unzip", &["-t", zip_file]);
    }
    let out_dir = d.join("unpacked");
    let out_str = out_dir.to_str().unwrap();
    run_ok("python3", &["-m", "zipfile", "-e", zip_file, out_str]);
    assert_eq!(
        std::fs::read(out_dir.join("evidence/emsmgmt/EMS policy.pdf")).unwrap(),
        b"%PDF-1.4 policy"
    );

    // The bundle verifies; so does the package with its files beside it.
    let out = openfem(&["verify", zip_file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 evidence files checked"));
    let unpacked_package = out_dir.join("facility.ofem.json");
    let out = openfem(&["verify", unpacked_package.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // One byte changed in a file beside the package: named.
    let beside = out_dir.join("evidence/airplan/kế hoạch khí thải 2026.xlsx");
    let mut bytes = std::fs::read(&beside).unwrap();
    bytes[0] ^= 0x20;
    std::fs::write(&beside, &bytes).unwrap();
    let out = openfem(&["verify", unpacked_package.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("evidence changed: evidence/airplan/kế hoạch khí thải 2026.xlsx"),
        "{err}"
    );
    // A file removed: named as missing.
    std::fs::remove_file(out_dir.join("evidence/emsmgmt/organigram.png")).unwrap();
    let out = openfem(&["verify", unpacked_package.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("evidence missing: evidence/emsmgmt/organigram.png is listed"),
        "{err}"
    );

    // One byte changed inside the bundle itself: named too.
    let mut zipped = std::fs::read(&zip_path).unwrap();
    let at = zipped
        .windows(15)
        .position(|w| w == b"%PDF-1.4 policy")
        .unwrap();
    zipped[at + 9] = b'P';
    let altered = d.join("altered.zip");
    std::fs::write(&altered, &zipped).unwrap();
    let out = openfem(&["verify", altered.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "evidence changed: evidence/emsmgmt/EMS policy.pdf: the package records sha256"
        ),
        "{err}"
    );
}

#[test]
fn a_zip_that_is_not_a_bundle_is_refused_plainly() {
    let d = dir("notbundle");
    let p = d.join("other.zip");
    std::fs::write(&p, zip::write(&[("readme.txt".into(), b"hi".to_vec())])).unwrap();
    let out = openfem(&["verify", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("a bundle holds exactly one .ofem.json at its top level; this one has 0"));
}
