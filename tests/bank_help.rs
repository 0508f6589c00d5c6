//! Help text of the built-in bank: every scored question says what earns Yes, Partial Yes (when
//! offered) and N/A (when offered), and what evidence a verifier asks for; help is written in the
//! bank's own words, not copied from the source documents.

use openfem::core::bank::{AnswerSpec, Bank, Help, Token};

fn filled(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|t| t.trim().len() >= 10)
}

#[test]
fn every_scored_question_says_what_earns_each_answer_and_what_evidence_is_asked() {
    let bank = Bank::builtin().expect("built-in bank");
    let mut problems = Vec::new();
    for (s, q) in bank.questions() {
        if q.score.is_none() {
            continue;
        }
        let offers =
            |t: Token| matches!(&q.answer, AnswerSpec::Choice { options } if options.contains(&t));
        let h = &q.help;
        let mut missing = Vec::new();
        if !filled(&h.yes) {
            missing.push("yes");
        }
        if offers(Token::Partial) && !filled(&h.partial) {
            missing.push("partial");
        }
        if offers(Token::Na) && !filled(&h.na) {
            missing.push("na");
        }
        if q.evidence_checklist().is_empty() {
            missing.push("evidence");
        }
        if !missing.is_empty() {
            problems.push(format!(
                "{}.{}: help.{}",
                s.id,
                q.id,
                missing.join(", help.")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} scored question(s) without help:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every help text by its field name (an evidence item as `evidence[i]`).
fn fields(h: &Help) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = [
        ("intent", &h.intent),
        ("yes", &h.yes),
        ("partial", &h.partial),
        ("no", &h.no),
        ("na", &h.na),
        ("guidance", &h.guidance),
    ]
    .into_iter()
    .filter_map(|(name, text)| Some((name.to_string(), text.as_deref()?)))
    .collect();
    let items = h.evidence.as_ref().map_or(&[][..], |e| e.items());
    for (i, item) in items.iter().enumerate() {
        out.push((format!("evidence[{i}]"), item));
    }
    out
}

/// No run of 12 words of help text appears in a seed. Runs only where the seeds are.
#[test]
fn help_text_is_not_copied_from_the_seeds() {
    const RUN: usize = 12;
    let dir = std::path::Path::new("/work/shared/seeds");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut seeds = std::collections::HashSet::new();
    for e in entries.flatten() {
        if let Ok(text) = std::fs::read_to_string(e.path()) {
            let w = words(&text);
            for run in w.windows(RUN) {
                seeds.insert(run.join(" "));
            }
        }
    }
    let bank = Bank::builtin().expect("built-in bank");
    let mut problems = Vec::new();
    for (s, q) in bank.questions() {
        for (name, text) in fields(&q.help) {
            let w = words(text);
            if let Some(run) = w.windows(RUN).find(|r| seeds.contains(&r.join(" "))) {
                problems.push(format!(
                    "{}.{}.help.{name}: \"{}…\"",
                    s.id,
                    q.id,
                    run.join(" ")
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "help text copied from a seed (write it in your own words):\n{}",
        problems.join("\n")
    );
}
