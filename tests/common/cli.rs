//! Running the `openfem` binary from a test, a fresh directory for its files, and the complete
//! facility of the browser tests (`tests/e2e/fixtures/facility.json`), read and posted.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use openfem::core::posting::Package;
use openfem::core::{AnswersDoc, Bank};

/// The environment variables that choose the language of the CLI's messages.
pub const LANGUAGE_VARIABLES: [&str; 4] = ["OPENFEM_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"];

/// `openfem args`, in English whatever the developer's `LANG`; it must never panic.
pub fn openfem(args: &[&str]) -> Output {
    openfem_in(args, &[])
}

/// `openfem` with only the language variables of `env` set (the tests' own are removed, so a
/// developer's `LANG` does not change what they read).
pub fn openfem_in(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_openfem"));
    for name in LANGUAGE_VARIABLES {
        command.env_remove(name);
    }
    let out = command
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run openfem");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "openfem {args:?} panicked: {stderr}"
    );
    out
}

/// A fresh, empty directory `<prefix>-<name>` for one test.
pub fn fresh_dir(prefix: &str, name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{prefix}-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// The complete facility of the browser tests.
pub fn facility(bank: &Bank) -> AnswersDoc {
    let text = std::fs::read_to_string("tests/e2e/fixtures/facility.json").unwrap();
    AnswersDoc::parse(&text, bank).unwrap()
}

/// The complete facility of the browser tests, posted (without evidence files).
pub fn posted_facility() -> (Bank, Package) {
    let bank = Bank::builtin().unwrap();
    let doc = facility(&bank);
    let package = Package::post(
        &bank,
        &doc.answers,
        &doc.dismissed_checks,
        &[],
        "2026-12-06T05:00:00.000Z",
    );
    (bank, package)
}
