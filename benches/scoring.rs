//! Scoring speed on the built-in FEM bank. Budget: a full rescore of a complete assessment
//! (`rescore_full_bank`) under 100 µs natively. Run: `make bench` (`cargo bench`). Not a timed
//! test: nothing here fails on slowness; the figures are reported by hand
//! (`docs/performance.md`).

use openfem::core::answers::AnswersDoc;
use openfem::core::bank::{AnswerSpec, Bank, Rows};
use openfem::core::{evaluate, Answers};
use serde_json::{json, Map, Value};

fn main() {
    divan::main();
}

/// A positive answer of the right type for every shown question, repeated until nothing new is
/// shown: a complete, realistic assessment (every section open to Level 3).
fn complete_answers(bank: &Bank) -> Answers {
    let mut answers = Answers::new();
    for _ in 0..10 {
        let assessment = evaluate(bank, &answers);
        let mut added = false;
        for q in assessment.sections.iter().flat_map(|s| &s.questions) {
            if answers.get(&q.id).is_some() {
                continue;
            }
            let question = bank.question(&q.id).expect("shown questions exist");
            if let Some(v) = positive(&question.answer, &answers) {
                answers.set(&*q.id, v);
                added = true;
            }
        }
        if !added {
            break;
        }
    }
    answers
}

fn positive(spec: &AnswerSpec, answers: &Answers) -> Option<Value> {
    Some(match spec {
        AnswerSpec::Choice { options } => json!(options[0].as_str()),
        AnswerSpec::Single { options } => json!(options[0].id),
        AnswerSpec::Multi { options, none, .. } => json!(options
            .iter()
            .filter(|o| Some(&o.id) != none.as_ref())
            .take(3)
            .map(|o| o.id.clone())
            .collect::<Vec<_>>()),
        AnswerSpec::Number { min, max, .. } => {
            json!(max.unwrap_or(100.0).min(min.unwrap_or(0.0) + 50.0))
        }
        AnswerSpec::Text { max_len, .. } => {
            let text = "Documented in the facility's procedure EP-01.";
            json!(&text[..max_len.unwrap_or(text.len()).min(text.len())])
        }
        AnswerSpec::Year { .. } => json!(2022),
        AnswerSpec::Date {} => json!("2024-01-31"),
        AnswerSpec::Table { rows, columns } => {
            let ids: Vec<String> = match rows {
                Rows::From(source) => match answers.get(source)? {
                    Value::Array(a) => a
                        .iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect(),
                    Value::String(s) => vec![s.clone()],
                    _ => return None,
                },
                Rows::Fixed(opts) => opts.iter().map(|o| o.id.clone()).collect(),
                Rows::Free { min, .. } => vec![String::new(); (*min).max(1)],
            };
            json!(ids
                .into_iter()
                .map(|id| {
                    let mut row = Map::new();
                    if !id.is_empty() {
                        row.insert("row".into(), json!(id));
                    }
                    for c in columns {
                        if let Some(v) = positive(&c.answer, answers) {
                            row.insert(c.id.clone(), v);
                        }
                    }
                    Value::Object(row)
                })
                .collect::<Vec<_>>())
        }
    })
}

#[divan::bench]
fn rescore_full_bank(bencher: divan::Bencher) {
    let bank = Bank::builtin().expect("bank");
    let answers = complete_answers(&bank);
    bencher.bench(|| evaluate(divan::black_box(&bank), divan::black_box(&answers)));
}

#[divan::bench]
fn rescore_empty_draft(bencher: divan::Bencher) {
    let bank = Bank::builtin().expect("bank");
    let answers = Answers::new();
    bencher.bench(|| evaluate(divan::black_box(&bank), divan::black_box(&answers)));
}

/// 1,000 different complete assessments (a few answers varied in each).
fn varied_batch(bank: &Bank) -> Vec<Answers> {
    let base = complete_answers(bank);
    (0..1000)
        .map(|i| {
            let mut a = base.clone();
            // Vary a few answers so the batch is not one assessment repeated.
            for (n, (id, _)) in base.iter().enumerate().filter(|(n, _)| n % 37 == i % 37) {
                if let Some(AnswerSpec::Choice { options }) = bank.question(id).map(|q| &q.answer) {
                    // Another answer this question offers ("no" where it can).
                    let other = options
                        .iter()
                        .find(|t| t.as_str() == "no")
                        .or(options.last());
                    if let (Some(other), true) = (other, n % 2 == 0) {
                        a.set(id.clone(), json!(other.as_str()));
                    }
                }
            }
            a
        })
        .collect()
}

/// 1,000 facilities scored one after the other from `Answers` already in memory (`evaluate`):
/// each assessment's answers are read from main memory, not from the cache a repeated rescore
/// enjoys.
#[divan::bench(sample_count = 20)]
fn batch_1000_assessments(bencher: divan::Bencher) {
    let bank = Bank::builtin().expect("bank");
    let batch = varied_batch(&bank);
    bencher.bench(|| batch.iter().map(|a| evaluate(&bank, a).total).sum::<f64>());
}

/// A portal's nightly recompute from what it stores: 1,000 answers documents (JSON, about
/// 20 KB each), each parsed, checked against the bank and scored.
#[divan::bench(sample_count = 10)]
fn parse_and_score_1000_documents(bencher: divan::Bencher) {
    let bank = Bank::builtin().expect("bank");
    let documents: Vec<String> = varied_batch(&bank)
        .into_iter()
        .map(|a| serde_json::to_string(&AnswersDoc::new(&bank, a)).expect("serialise"))
        .collect();
    bencher.bench(|| {
        documents
            .iter()
            .map(|text| {
                let doc = AnswersDoc::parse(text, &bank).unwrap_or_else(|e| panic!("{e}"));
                evaluate(&bank, &doc.answers).total
            })
            .sum::<f64>()
    });
}

#[divan::bench]
fn load_builtin_bank() -> Bank {
    Bank::builtin().expect("bank")
}

#[divan::bench]
fn energy_metrics_only(bencher: divan::Bencher) {
    let bank = Bank::builtin().expect("bank");
    let answers = complete_answers(&bank);
    bencher.bench(|| openfem::core::metrics::compute(&bank, divan::black_box(&answers)));
}
