//! Progress through a whole assessment as a person answers it question by question: opening a
//! level says so (`level_changes`) and never makes progress go back (`Completion::progress`).

mod common;

use common::random::{rolls, value_for, Dice};
use openfem::core::assess::{level_changes, Assessment};
use openfem::core::bank::{AnswerSpec, Bank, Token};
use openfem::core::{evaluate, Answers};
use serde_json::{json, Value};

/// A positive answer, as a facility doing well gives it: Yes where Yes is allowed.
fn positive(bank: &Bank, id: &str, dice: &mut Dice, answers: &Answers) -> Value {
    let q = bank.question(id).expect("a question of the bank");
    match &q.answer {
        AnswerSpec::Choice { options } if options.contains(&Token::Yes) => json!("yes"),
        // The licence and permits: valid, so the total is not zeroed.
        spec => value_for(spec, dice, answers).expect("a value for every shown question"),
    }
}

fn first_missing<'a>(a: &'a Assessment<'_>) -> Option<&'a str> {
    a.completion.missing.first().map(|id| &**id)
}

#[test]
fn answering_the_whole_fem_never_moves_progress_back_when_levels_open() {
    let bank = Bank::builtin().expect("built-in bank");
    let rolls = rolls(7);
    let mut dice = Dice::new(&rolls);
    let mut answers = Answers::new();
    let mut before = evaluate(&bank, &answers);
    let start = before.completion.required + before.completion.pending;
    assert!(
        before.completion.pending > 0,
        "Level 2/3 questions are counted ahead"
    );
    let mut openings = 0;
    let mut steps = 0;
    while let Some(id) = first_missing(&before) {
        steps += 1;
        assert!(steps < 2_000, "the assessment ends");
        let value = positive(&bank, id, &mut dice, &answers);
        // A Yes shows no question by itself; a list of sources or streams may show many, and
        // no count can foresee those.
        let yes = value == json!("yes");
        answers.set(id, value);
        let after = evaluate(&bank, &answers);
        let changes = level_changes(&before.open_levels(), &after);
        if yes && !changes.is_empty() {
            assert!(changes.iter().all(|c| c.opened), "{id}: {changes:?}");
            openings += changes.len();
            // The questions opened were counted before: progress does not go back, although
            // the plain percentage of the questions shown does.
            assert!(
                after.completion.progress >= before.completion.progress,
                "{id}: {} -> {}",
                before.completion.progress,
                after.completion.progress
            );
            let opened: usize = changes.iter().map(|c| c.questions).sum();
            assert!(opened > 0);
            assert!(
                after.completion.required >= before.completion.required + opened - 1,
                "{id}: {changes:?}"
            );
            assert!(after.completion.percent < before.completion.percent, "{id}");
        }
        before = after;
    }
    assert!(
        openings >= 7,
        "every scored section opens Level 2 (got {openings})"
    );
    assert_eq!(before.completion.pending, 0);
    assert_eq!(before.completion.progress, 100.0);
    assert!(before.can_post);
    eprintln!(
        "questions to answer: {start} at the start (incl. pending), {} at the end, {openings} levels opened",
        before.completion.required
    );
}

#[test]
fn a_level_closing_again_is_reported_with_its_questions() {
    let bank = common::shared_bank();
    let all = common::answers(&common::all_positive());
    let open = evaluate(bank, &all);
    let section = open
        .sections
        .iter()
        .find(|s| {
            s.levels
                .iter()
                .any(|l| l.level == 2 && l.open && l.required > 0)
        })
        .expect("a section with Level 2 open");
    let first_l1 = section
        .questions
        .iter()
        .find(|q| q.level == Some(1) && q.scored)
        .expect("a Level 1 question")
        .id
        .clone();
    let level2 = section
        .levels
        .iter()
        .find(|l| l.level == 2)
        .unwrap()
        .clone();
    let mut fewer = all.clone();
    fewer.set(&*first_l1, Value::Null);
    let closed = evaluate(bank, &fewer);
    let changes = level_changes(&open.open_levels(), &closed);
    let change = changes
        .iter()
        .find(|c| c.section == section.id && c.level == 2)
        .expect("Level 2 closed");
    assert!(!change.opened);
    assert_eq!(change.questions, level2.required);
    // Unanswered again, Level 1 may still be achieved: its Level 2 questions are pending.
    let pending = closed
        .sections
        .iter()
        .find(|s| s.id == section.id)
        .unwrap()
        .completion
        .pending;
    assert!(pending >= level2.required, "{pending}");
    // And reopening reports it opened.
    let again = level_changes(&closed.open_levels(), &open);
    assert!(again
        .iter()
        .any(|c| c.section == section.id && c.level == 2 && c.opened));
}
