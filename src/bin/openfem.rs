//! `openfem`: the server-side check a portal runs instead of trusting a browser's score.
//!
//! ```text
//! openfem bank                               print the built-in bank (JSON)
//! openfem schema                             print the JSON Schema of the bank format
//! openfem check-bank FILE                    validate a bank; exit 1 on any error
//! openfem texts [--bank FILE]                print the bank's translatable texts by key (JSON)
//! openfem score [--bank FILE] [--locale TAG] [--complete] ANSWERS.json…
//!                                            score answers documents (or the answers of
//!                                            posted packages, the corrected answers of
//!                                            verified packages), one JSON line each;
//!                                            --locale: `why` sentences and bank texts in TAG;
//!                                            --complete: only complete (postable) documents
//! openfem plan [--bank FILE] [--locale TAG] ANSWERS.json…
//!                                            the improvement plan of each document, one JSON
//!                                            line each (docs/plan.md); --locale: its texts
//!                                            (gate, section titles) in TAG
//! openfem checks [--bank FILE] [--locale TAG] --today YYYY-MM-DD ANSWERS.json…
//!                                            the data checks of each document on that day,
//!                                            with the notes of those dismissed
//!                                            (docs/data-checks.md); --locale: messages in TAG
//! openfem verify [--bank FILE] PACKAGE.ofem.json|BUNDLE.zip…
//!                                            check posted packages: the hash, each answer and
//!                                            the score recomputed with the bank version named,
//!                                            each evidence file's size and SHA-256 (in the
//!                                            bundle, or beside the package under evidence/);
//!                                            verified packages: the posted package inside,
//!                                            each review decision, the verified score and the
//!                                            outer hash; exit 1 naming every mismatch
//! ```
//! Bad input gets a one-line error naming the file and the JSON path, and exit code 1.
//!
//! The CLI's messages (errors, warnings) are in the language of `--locale TAG` wherever it
//! stands on the command line, else the environment's (`OPENFEM_LOCALE`, else the first set of
//! `LC_ALL`, `LC_MESSAGES`, `LANG`: `vi_VN.UTF-8` speaks Vietnamese), else English. What the
//! commands print on standard output changes language only with `--locale`; `check-bank`'s
//! findings are English (docs/translating.md, "The CLI").

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;

use openfem::core::answers::AnswerError;
use openfem::core::bank::BankError;
use openfem::core::bundle::{self, BundleError};
use openfem::core::check::{check_bank, checked, BankRefused, Severity};
use openfem::core::datachecks::data_checks;
use openfem::core::entry::Date;
use openfem::core::locale::{Locale, LocaleError};
use openfem::core::message::Message;
use openfem::core::plan::plan;
use openfem::core::posting::{verify, verify_evidence, Mismatch, Package, PackageError};
use openfem::core::review::{verify_verified, AnyPackage, VerifiedPackage};
use openfem::core::{evaluate, score_report, AnswersDoc, Bank, ScoreReport};

// `LOCALE_TEXTS`: (tag, document) of every language other than English; `CLI_TEXTS`: (tag, the
// CLI's own messages) (build.rs).
include!(concat!(env!("OUT_DIR"), "/locale_texts.rs"));

/// The CLI's messages in English (`src/bin/locales/<tag>.json` has the other languages).
const CLI_ENGLISH: &str = include_str!("locales/en.json");

/// The language of the CLI's messages (set once, by `main`): the CLI's own messages where it
/// has them, and the language's texts for the core's messages (an answers document's errors).
static CLI_LOCALE: OnceLock<(BTreeMap<String, String>, Locale)> = OnceLock::new();

/// The CLI's message `key` in the chosen language (else English), `{name}`s filled in.
fn say(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let english: BTreeMap<String, String> =
        serde_json::from_str(CLI_ENGLISH).expect("src/bin/locales/en.json");
    let mut text = CLI_LOCALE
        .get()
        .and_then(|(cli, _)| cli.get(key))
        .or_else(|| english.get(key))
        .cloned()
        .unwrap_or_else(|| key.to_string());
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}

/// A core message in the language of the CLI's messages.
fn said(message: &Message) -> String {
    CLI_LOCALE
        .get()
        .map_or_else(|| message.english(), |(_, locale)| locale.render(message))
}

/// Larger inputs are refused before reading: a real answers document is a few hundred KB.
const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;
/// A bundle holds up to `evidence::MAX_TOTAL_BYTES` of files besides its package.
const MAX_BUNDLE_BYTES: u64 = 256 * 1024 * 1024;

const USAGE: &str = "openfem bank | openfem schema | openfem check-bank FILE | openfem texts [--bank FILE] | openfem score [--bank FILE] [--locale TAG] [--complete] ANSWERS.json... | openfem plan [--bank FILE] [--locale TAG] ANSWERS.json... | openfem checks [--bank FILE] [--locale TAG] --today YYYY-MM-DD ANSWERS.json... | openfem verify [--bank FILE] PACKAGE.ofem.json|BUNDLE.zip...";

/// Why `openfem` stops: printed after `openfem: `, exit code 1. The core's errors keep their
/// own message; the CLI adds the file (or language) they are about.
#[derive(Debug)]
enum CliError {
    /// Not a command line `openfem` reads.
    Usage,
    /// A file that cannot be read: missing, too large, or not UTF-8 text.
    Read { file: String, why: String },
    /// Not a bank document (`file` empty: the built-in bank).
    Bank { file: String, error: BankError },
    /// `check-bank` found errors (printed above).
    CheckFailed { file: String, errors: usize },
    /// `score --bank`: a bank with errors `check-bank` finds gives no score.
    BankRefused { file: String, error: BankRefused },
    /// An answers document that does not fit the bank.
    Answers { file: String, error: AnswerError },
    /// `--locale` names no language of this build.
    NoLocale { tag: String, available: String },
    /// The language's document cannot be read.
    Locale { tag: String, error: LocaleError },
    /// `--today` is not a date in the form YYYY-MM-DD.
    Today { value: String, why: String },
    /// `--complete`: one line per document that is not complete.
    Incomplete(Vec<String>),
    /// JSON that cannot be written (or the built-in English texts read).
    Json(serde_json::Error),
    /// Not a posted package.
    Package { file: String, error: PackageError },
    /// A ZIP that is not an evidence bundle.
    Bundle {
        file: String,
        error: Box<BundleError>,
    },
    /// `verify`: packages whose contents differ from what they say, every mismatch named.
    Mismatches(Vec<(String, Vec<Mismatch>)>),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // In the `--locale` language where the CLI has it (`say`); the core's findings on a
            // bank stay English (for a portal's developers).
            CliError::Usage => f.write_str(&say("cli.usage", &[("usage", &USAGE)])),
            CliError::Read { file, why } => write!(f, "{file}: {why}"),
            CliError::Bank { file, error } if file.is_empty() => {
                f.write_str(&say("cli.builtin_bank", &[("error", error)]))
            }
            CliError::Bank { file, error } => write!(f, "{file}: {error}"),
            CliError::CheckFailed { file, errors } => f.write_str(&say(
                "cli.bank_errors",
                &[("file", file), ("errors", errors)],
            )),
            CliError::BankRefused { file, error } => {
                let errors: Vec<String> = error.errors.iter().map(|e| e.to_string()).collect();
                f.write_str(&say(
                    "cli.bank_refused",
                    &[
                        ("file", file),
                        ("errors", &errors.len()),
                        ("list", &errors.join("; ")),
                    ],
                ))
            }
            CliError::Answers { file, error } => match CLI_LOCALE.get() {
                Some((_, locale)) => {
                    write!(f, "{file}: {}: {}", error.path, locale.render(&error.why))
                }
                None => write!(f, "{file}: {error}"),
            },
            CliError::NoLocale { tag, available } => {
                write!(f, "no locale {tag:?} (available: {available})")
            }
            CliError::Locale { tag, error } => write!(f, "locale {tag}: {error}"),
            CliError::Today { value, why } => write!(f, "--today {value}: {why}"),
            CliError::Incomplete(lines) => f.write_str(&lines.join("\nopenfem: ")),
            CliError::Json(e) => e.fmt(f),
            CliError::Package { file, error } => write!(f, "{file}: {error}"),
            CliError::Bundle { file, error } => write!(f, "{file}: {error}"),
            CliError::Mismatches(files) => {
                let lines: Vec<String> = files
                    .iter()
                    .flat_map(|(file, found)| {
                        found
                            .iter()
                            .map(move |m| format!("{file}: {}", said(&m.message())))
                    })
                    .collect();
                f.write_str(&lines.join("\nopenfem: "))
            }
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::Bank { error, .. } => Some(error),
            CliError::BankRefused { error, .. } => Some(error),
            CliError::Answers { error, .. } => Some(error),
            CliError::Locale { error, .. } => Some(error),
            CliError::Json(e) => Some(e),
            CliError::Package { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> CliError {
        CliError::Json(e)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(tag) = message_language(&args) {
        speak(tag);
    }
    let result = match args.first().map(String::as_str) {
        Some("bank") => print_bank(),
        Some("schema") => print_schema(),
        Some("check-bank") => match &args[1..] {
            [file] => check(file),
            _ => Err(CliError::Usage),
        },
        Some("score") => score(&args[1..]),
        Some("plan") => print_plans(&args[1..]),
        Some("checks") => print_checks(&args[1..]),
        Some("texts") => print_texts(&args[1..]),
        Some("verify") => verify_packages(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{}", CliError::Usage);
            Ok(())
        }
        _ => Err(CliError::Usage),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("openfem: {error}");
            ExitCode::FAILURE
        }
    }
}

fn builtin() -> Result<Bank, CliError> {
    Bank::builtin().map_err(|error| CliError::Bank {
        file: String::new(),
        error,
    })
}

fn print_bank() -> Result<(), CliError> {
    let bank = builtin()?;
    println!("{}", serde_json::to_string_pretty(&bank)?);
    Ok(())
}

/// The English texts a translator translates: `Bank::texts`, keyed as in a locale overlay.
fn print_texts(args: &[String]) -> Result<(), CliError> {
    let bank = match args {
        [] => builtin()?,
        [flag, file] if flag == "--bank" => {
            Bank::from_json(&read(file)?).map_err(|error| CliError::Bank {
                file: file.clone(),
                error,
            })?
        }
        _ => return Err(CliError::Usage),
    };
    println!("{}", serde_json::to_string_pretty(&bank.texts())?);
    Ok(())
}

/// Answers documents checked against `bank`, all before anything is printed (a batch is
/// all-or-nothing).
fn answers_docs(files: &[String], bank: &Bank) -> Result<Vec<AnswersDoc>, CliError> {
    files
        .iter()
        .map(|file| {
            let text = read(file)?;
            AnswersDoc::parse(&text, bank).map_err(|error| CliError::Answers {
                file: file.to_string(),
                error,
            })
        })
        .collect()
}

/// The improvement plan of each answers document (`core::plan`), one JSON line each.
fn print_plans(args: &[String]) -> Result<(), CliError> {
    let (locale, args) = take_locale(args)?;
    let (mut bank, files) = match &args[..] {
        [flag, file, rest @ ..] if flag == "--bank" => (checked_bank(file)?, rest),
        rest => (builtin()?, rest),
    };
    if files.is_empty() || files.iter().any(|f| f.starts_with("--")) {
        return Err(CliError::Usage);
    }
    let docs = answers_docs(files, &bank)?;
    // The overlay changes texts only (the gate's why and fix, section titles): the same plan.
    if let Some(locale) = &locale {
        bank.localize(&locale.bank);
    }
    for doc in docs {
        let now = evaluate(&bank, &doc.answers);
        println!(
            "{}",
            serde_json::to_string(&plan(&bank, &doc.answers, &now))?
        );
    }
    Ok(())
}

/// The data checks of each answers document on `--today` (the CLI takes the day as an
/// argument, so that its output does not depend on when it runs), each with the note it was
/// dismissed with in the document, if any: one JSON line per file.
fn print_checks(args: &[String]) -> Result<(), CliError> {
    let (locale, args) = take_locale(args)?;
    let mut bank = None;
    let mut today = None;
    let mut files = &args[..];
    loop {
        match files {
            [flag, file, rest @ ..] if flag == "--bank" && bank.is_none() => {
                bank = Some(checked_bank(file)?);
                files = rest;
            }
            [flag, day, rest @ ..] if flag == "--today" && today.is_none() => {
                let date = Date::parse_iso(day).map_err(|why| CliError::Today {
                    value: day.clone(),
                    why: said(&why),
                })?;
                today = Some(date);
                files = rest;
            }
            _ => break,
        }
    }
    let Some(today) = today else {
        return Err(CliError::Usage);
    };
    if files.is_empty() || files.iter().any(|f| f.starts_with("--")) {
        return Err(CliError::Usage);
    }
    let bank = match bank {
        Some(bank) => bank,
        None => builtin()?,
    };
    for doc in answers_docs(files, &bank)? {
        let mut checks = Vec::new();
        for check in data_checks(&bank, &doc.answers, today) {
            let dismissed = doc.dismissed_checks.get(&check.key).cloned();
            let mut value = serde_json::to_value(&check)?;
            if let Some(locale) = &locale {
                value["message"] = locale.render(&check.message).into();
            }
            value["dismissed"] = serde_json::to_value(dismissed)?;
            checks.push(value);
        }
        println!("{}", serde_json::json!({ "checks": checks }));
    }
    Ok(())
}

fn print_schema() -> Result<(), CliError> {
    let schema = schemars::schema_for!(Bank);
    println!("{}", serde_json::to_string_pretty(&schema)?);
    Ok(())
}

fn read(file: &str) -> Result<String, CliError> {
    let bytes = read_bytes(file, MAX_INPUT_BYTES)?;
    String::from_utf8(bytes).map_err(|_| CliError::Read {
        file: file.to_string(),
        why: say("cli.not_utf8", &[]),
    })
}

/// A file's bytes, refused above `limit` before reading.
fn read_bytes(file: &str, limit: u64) -> Result<Vec<u8>, CliError> {
    let refused = |why: String| CliError::Read {
        file: file.to_string(),
        why,
    };
    // The system's own words for the common cases would be English: said in the CLI's.
    let io = |e: std::io::Error| {
        refused(match e.kind() {
            std::io::ErrorKind::NotFound => say("cli.not_found", &[]),
            std::io::ErrorKind::PermissionDenied => say("cli.permission_denied", &[]),
            _ => e.to_string(),
        })
    };
    let meta = std::fs::metadata(file).map_err(io)?;
    if meta.len() > limit {
        return Err(refused(say(
            "cli.too_large",
            &[("bytes", &meta.len()), ("limit", &(limit / 1024 / 1024))],
        )));
    }
    std::fs::read(file).map_err(io)
}

/// A bank file: assembled, or a header whose `section_files` sit beside it as `<name>.json`.
fn load_bank(file: &str) -> Result<Bank, CliError> {
    let header = read(file)?;
    let dir = Path::new(file).parent().unwrap_or(Path::new("."));
    let mut missing = None;
    let bank = Bank::from_parts(&header, |name| {
        let path = dir.join(format!("{name}.json"));
        match read(&path.to_string_lossy()) {
            Ok(text) => Some(text),
            Err(e) => {
                missing = Some(e);
                None
            }
        }
    });
    match (bank, missing) {
        (Ok(bank), _) => Ok(bank),
        (Err(_), Some(io)) => Err(io),
        (Err(error), None) => Err(CliError::Bank {
            file: file.to_string(),
            error,
        }),
    }
}

fn check(file: &str) -> Result<(), CliError> {
    let bank = load_bank(file)?;
    let findings = check_bank(&bank);
    for f in &findings {
        println!("{f}");
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let questions = bank.questions().count();
    println!(
        "{file}: {} sections, {questions} questions, {errors} errors, {} warnings",
        bank.sections.len(),
        findings.len() - errors
    );
    if errors > 0 {
        Err(CliError::CheckFailed {
            file: file.to_string(),
            errors,
        })
    } else {
        Ok(())
    }
}

/// `--locale TAG` taken out of `args`: the language's texts (None: English).
fn take_locale(args: &[String]) -> Result<(Option<Locale>, Vec<String>), CliError> {
    let Some(at) = args.iter().position(|a| a == "--locale") else {
        return Ok((None, args.to_vec()));
    };
    let tag = args.get(at + 1).ok_or(CliError::Usage)?;
    let mut rest = args.to_vec();
    rest.drain(at..at + 2);
    if tag == "en" {
        return Ok((None, rest));
    }
    let available: Vec<&str> = std::iter::once("en")
        .chain(LOCALE_TEXTS.iter().map(|(t, _)| *t))
        .collect();
    let (_, text) = LOCALE_TEXTS
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .ok_or_else(|| CliError::NoLocale {
            tag: tag.clone(),
            available: available.join(", "),
        })?;
    let english: BTreeMap<String, String> =
        serde_json::from_str(include_str!("../ui/locales/en.json"))?;
    let (locale, gaps) =
        Locale::parse(text, &english, Some(&builtin()?.texts())).map_err(|error| {
            CliError::Locale {
                tag: tag.clone(),
                error,
            }
        })?;
    // The CLI's own messages, checked against English as the widget's are.
    let cli_english: BTreeMap<String, String> = serde_json::from_str(CLI_ENGLISH)?;
    let cli_text = CLI_TEXTS
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .map_or("{}", |(_, text)| text);
    let (cli, cli_gaps) = Locale::parse(&format!("{{\"ui\":{cli_text}}}"), &cli_english, None)
        .map_err(|error| CliError::Locale {
            tag: tag.clone(),
            error,
        })?;
    _ = CLI_LOCALE.set((cli.ui, locale.clone()));
    if !gaps.is_empty() || !cli_gaps.is_empty() {
        eprintln!(
            "openfem: {}",
            say(
                "cli.locale_gaps",
                &[
                    ("tag", tag),
                    ("missing", &(gaps.missing + cli_gaps.missing)),
                    (
                        "bad",
                        &(gaps.bad_placeholders.len() + cli_gaps.bad_placeholders.len())
                    ),
                ],
            )
        );
    }
    Ok((Some(locale), rest))
}

/// The language of the CLI's messages: `--locale TAG` wherever it stands (so that a usage
/// error before it is read is said in it too), else the environment's, as POSIX orders it
/// (`OPENFEM_LOCALE` first, then the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set).
/// `None`: English (`C`, `POSIX`, `en_US.UTF-8`, a language this build lacks).
fn message_language(args: &[String]) -> Option<&'static str> {
    if let Some(at) = args.iter().position(|a| a == "--locale") {
        return args.get(at + 1).and_then(|tag| known_language(tag));
    }
    let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    from_env("OPENFEM_LOCALE")
        .or_else(|| {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|n| from_env(n))
        })
        .and_then(|value| known_language(&value))
}

/// The language of this build a tag or POSIX locale names (`vi`, `vi-VN`, `vi_VN.UTF-8`,
/// `zh_CN.GB18030` → `zh-CN`; `zh_TW` is Traditional Chinese: none), as the widget matches
/// a browser's languages. Pseudo-locales only by their exact tag.
fn known_language(value: &str) -> Option<&'static str> {
    let tag = value
        .split(['.', '@'])
        .next()
        .unwrap_or_default()
        .replace('_', "-");
    let ours = || LOCALE_TEXTS.iter().map(|(t, _)| *t);
    if let Some(exact) = ours().find(|t| t.eq_ignore_ascii_case(&tag)) {
        return Some(exact);
    }
    let mut parts = tag.split('-');
    let language = parts.next()?;
    let traditional = ["hant", "tw", "hk", "mo"];
    if language.eq_ignore_ascii_case("zh")
        && parts.any(|p| traditional.iter().any(|t| p.eq_ignore_ascii_case(t)))
    {
        return None;
    }
    ours().filter(|t| !t.starts_with("qps")).find(|t| {
        t.split('-')
            .next()
            .is_some_and(|l| l.eq_ignore_ascii_case(language))
    })
}

/// Sets the language of the CLI's messages: its own (`src/bin/locales`) and the widget's texts
/// of the core's messages. A language that cannot be read leaves them English.
fn speak(tag: &str) {
    let english = |text: &str| serde_json::from_str::<BTreeMap<String, String>>(text);
    let Some((_, text)) = LOCALE_TEXTS.iter().find(|(t, _)| *t == tag) else {
        return;
    };
    let (Ok(ui_english), Ok(cli_english)) = (
        english(include_str!("../ui/locales/en.json")),
        english(CLI_ENGLISH),
    ) else {
        return;
    };
    let cli_text = CLI_TEXTS
        .iter()
        .find(|(t, _)| *t == tag)
        .map_or("{}", |(_, text)| text);
    let cli = Locale::parse(&format!("{{\"ui\":{cli_text}}}"), &cli_english, None);
    if let (Ok((locale, _)), Ok((cli, _))) = (Locale::parse(text, &ui_english, None), cli) {
        _ = CLI_LOCALE.set((cli.ui, locale));
    }
}

/// The score document as JSON, its `why` sentences in `locale`.
fn localized_report(report: &ScoreReport, locale: &Locale) -> Result<serde_json::Value, CliError> {
    let mut json = serde_json::to_value(report)?;
    for (s, section) in report.assessment.sections.iter().enumerate() {
        for (q, question) in section.questions.iter().enumerate() {
            json["sections"][s]["questions"][q]["why"] =
                locale.render(&question.why.message()).into();
        }
    }
    Ok(json)
}

/// A portal's own bank for `score`: refused on any error `check-bank` finds (a bank that
/// cannot be trusted gives no score); its warnings are left to `check-bank`.
fn checked_bank(file: &str) -> Result<Bank, CliError> {
    checked(load_bank(file)?).map_err(|error| CliError::BankRefused {
        file: file.to_string(),
        error,
    })
}

/// `score`'s options, before the files.
#[derive(Default)]
struct ScoreOptions<'a> {
    bank: Option<&'a str>,
    /// `--complete`: refuse a document that is not complete (the widget's Post disabled).
    complete: bool,
}

fn score(args: &[String]) -> Result<(), CliError> {
    let (locale, args) = take_locale(args)?;
    let mut options = ScoreOptions::default();
    let mut files = &args[..];
    loop {
        match files {
            [flag, bank_file, rest @ ..] if flag == "--bank" && options.bank.is_none() => {
                options.bank = Some(bank_file);
                files = rest;
            }
            [flag, rest @ ..] if flag == "--complete" && !options.complete => {
                options.complete = true;
                files = rest;
            }
            _ => break,
        }
    }
    if files.is_empty() || files.iter().any(|f| f.starts_with("--")) {
        return Err(CliError::Usage);
    }
    let mut bank = match options.bank {
        Some(file) => checked_bank(file)?,
        None => builtin()?,
    };
    // Check every file before printing anything, so a batch is all-or-nothing.
    let docs = files
        .iter()
        .map(|file| {
            let mut text = read(file)?;
            // A posted package is scored by its answers (a portal receives packages).
            // A verified package is scored by its corrected answers (docs/review.md).
            if let Ok(verified) = VerifiedPackage::parse(&text) {
                let answers = verified.corrected_answers();
                let mut doc = AnswersDoc::new(&bank, answers);
                doc.bank = verified.package.bank;
                doc.bank_version = Some(verified.package.bank_version);
                doc.dismissed_checks = verified.package.dismissed_checks;
                text = serde_json::to_string(&doc)?;
            } else if let Ok(package) = Package::parse(&text) {
                let mut doc = AnswersDoc::new(&bank, package.answers);
                doc.bank = package.bank;
                doc.bank_version = Some(package.bank_version);
                doc.dismissed_checks = package.dismissed_checks;
                text = serde_json::to_string(&doc)?;
            }
            AnswersDoc::parse(&text, &bank).map_err(|error| CliError::Answers {
                file: file.to_string(),
                error,
            })
        })
        .collect::<Result<Vec<_>, CliError>>()?;
    // The overlay changes texts only: the same points, levels and tokens.
    if let Some(locale) = &locale {
        bank.localize(&locale.bank);
    }
    let reports: Vec<_> = docs
        .iter()
        .map(|doc| score_report(&bank, &doc.answers))
        .collect();
    if options.complete {
        let incomplete: Vec<String> = files
            .iter()
            .zip(&reports)
            .filter(|(_, r)| !r.assessment.can_post)
            .map(|(file, r)| {
                let c = &r.assessment.completion;
                say(
                    "cli.not_complete",
                    &[
                        ("file", file),
                        ("missing", &c.missing.len()),
                        ("required", &c.required),
                        ("refs", &c.missing.join(", ")),
                    ],
                )
            })
            .collect();
        if !incomplete.is_empty() {
            return Err(CliError::Incomplete(incomplete));
        }
    }
    for report in reports {
        let line = match &locale {
            Some(locale) => serde_json::to_string(&localized_report(&report, locale)?),
            None => serde_json::to_string(&report),
        };
        println!("{}", line?);
    }
    Ok(())
}

/// A package file, or a bundle (a ZIP), with the mismatches of its evidence files: those in the
/// bundle, or those beside a package file under `evidence/<Ref ID>/<name>`.
fn read_package(file: &str) -> Result<(AnyPackage, Vec<Mismatch>), CliError> {
    let bytes = read_bytes(file, MAX_BUNDLE_BYTES)?;
    if openfem::zip::is_zip(&bytes) {
        let bundle = bundle::read(&bytes).map_err(|error| CliError::Bundle {
            file: file.to_string(),
            error: Box::new(error),
        })?;
        let others: Vec<String> = bundle.files.keys().cloned().collect();
        let found = verify_evidence(&bundle.package, |p| bundle.files.get(p).cloned(), &others);
        return Ok((AnyPackage::Posted(Box::new(bundle.package)), found));
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(CliError::Read {
            file: file.to_string(),
            why: say(
                "cli.too_large",
                &[
                    ("bytes", &bytes.len()),
                    ("limit", &(MAX_INPUT_BYTES / 1024 / 1024)),
                ],
            ),
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| CliError::Read {
        file: file.to_string(),
        why: say("cli.not_utf8", &[]),
    })?;
    let any = AnyPackage::parse(&text).map_err(|error| CliError::Package {
        file: file.to_string(),
        error,
    })?;
    // A verified package's evidence is its posted package's.
    let posted = match &any {
        AnyPackage::Posted(package) => package,
        AnyPackage::Verified(verified) => &verified.package,
    };
    let dir = Path::new(file).parent().unwrap_or(Path::new("."));
    let found = verify_evidence(posted, |p| std::fs::read(dir.join(p)).ok(), &[]);
    Ok((any, found))
}

/// `verify`: every package checked against the built-in bank (and `--bank FILE`, a portal's
/// other bank version); one line per intact package on standard output, one line per mismatch
/// on standard error.
fn verify_packages(args: &[String]) -> Result<(), CliError> {
    let (extra, files) = match args {
        [flag, bank_file, rest @ ..] if flag == "--bank" => (Some(checked_bank(bank_file)?), rest),
        rest => (None, rest),
    };
    if files.is_empty() || files.iter().any(|f| f.starts_with("--")) {
        return Err(CliError::Usage);
    }
    let builtin = builtin()?;
    let banks: Vec<&Bank> = std::iter::once(&builtin).chain(extra.as_ref()).collect();
    let packages = files
        .iter()
        .map(|file| read_package(file))
        .collect::<Result<Vec<_>, CliError>>()?;
    let mut failed = Vec::new();
    for (file, (any, evidence)) in files.iter().zip(&packages) {
        let (mut found, line) = match any {
            AnyPackage::Posted(package) => (verify(package, &banks), posted_line(package)),
            AnyPackage::Verified(verified) => {
                (verify_verified(verified, &banks), verified_line(verified))
            }
        };
        found.extend(evidence.iter().cloned());
        if found.is_empty() {
            println!("{file}: {line}");
        } else {
            failed.push((file.to_string(), found));
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::Mismatches(failed))
    }
}

/// What `verify` says of an intact posted package.
fn posted_line(package: &Package) -> String {
    format!(
        "intact: {} {}, posted {}, total {}{}, sha256 {}",
        package.bank,
        package.bank_version,
        package.posted_at,
        total_text(package.total()),
        match package.evidence.len() {
            0 => String::new(),
            n => format!(", {n} evidence files checked"),
        },
        package.sha256
    )
}

/// What `verify` says of an intact verified package: both totals, who reviewed and when.
fn verified_line(verified: &VerifiedPackage) -> String {
    let review = &verified.review;
    let by = if review.organisation.is_empty() {
        review.reviewer.clone()
    } else {
        format!("{} ({})", review.reviewer, review.organisation)
    };
    format!(
        "intact verified package: {} {}, posted {}, reviewed {} by {}: {} decisions, {} corrections; self-assessed total {}, verified total {}; package sha256 {}, verified sha256 {}",
        verified.package.bank,
        verified.package.bank_version,
        verified.package.posted_at,
        review.reviewed_at,
        by,
        review.decisions.len(),
        review.corrections(),
        total_text(verified.package.total()),
        total_text(verified.total()),
        verified.package.sha256,
        verified.sha256
    )
}

fn total_text(total: Option<f64>) -> String {
    total.map_or("none".into(), |t| format!("{t:.2}"))
}
