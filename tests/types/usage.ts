// Uses the <openfem-assessment> API the way npm/README.md and docs/embedding.md describe it,
// type-checked (`make types`: tsc --strict) against the published npm/openfem.d.ts. Each
// `@ts-expect-error` line is a mistake the types must refuse: tsc fails if one is accepted.
import 'openfem';
import type {
  AnswersDocument,
  AnswerValue,
  ChangeDetail,
  ErrorDetail,
  OpenFemAssessment,
  PostedPackage,
  ScoreDocument,
  SectionResult,
  Validation,
} from 'openfem';

// Creating the element: the tag name maps to the element's class.
const fem: OpenFemAssessment = document.createElement('openfem-assessment');
fem.setAttribute('draft', 'acme-dhaka-2026');
fem.setAttribute('chrome', 'files drafts');
fem.setAttribute('locale', 'en');
fem.setAttribute('theme', 'light');
fem.setAttribute('label', 'Acme Dyeing, Dhaka');
fem.setAttribute('sections', 'energy,water');
fem.toggleAttribute('readonly', false);
fem.setAttribute('bank', '/banks/fem-2024.json');
document.body.append(fem);
const found: OpenFemAssessment | null = document.querySelector('openfem-assessment');
const all: NodeListOf<OpenFemAssessment> = document.querySelectorAll('openfem-assessment');
// @ts-expect-error not a method of the element
fem.getScores();

// README's portal.js, typed.
const total = document.getElementById('total') as HTMLOutputElement;
fem.addEventListener('openfem-score', (event) => {
  total.value = event.detail.total.toFixed(1);
});
fem.addEventListener('openfem-post', async (event) => {
  const doc: PostedPackage = event.detail;
  await fetch('/api/fem-answers', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(doc),
  });
});
fem.addEventListener('openfem-error', (event) => console.warn('OpenFEM:', event.detail));

// Every event, with its detail type, on the element ...
fem.addEventListener('openfem-change', (e) => {
  const detail: ChangeDetail = e.detail;
  const ref: string = detail.ref;
  const value: AnswerValue = detail.value;
  const self: OpenFemAssessment = e.target as OpenFemAssessment;
  // `this` is the element for a function listener.
  void [ref, value, self];
  // @ts-expect-error a change detail has no score
  e.detail.total;
});
fem.addEventListener('openfem-score', (e) => scoreFields(e.detail));
fem.addEventListener('openfem-complete', function (e) {
  const el: OpenFemAssessment = this;
  const done: boolean = e.detail.can_post;
  void [el, done];
});
fem.addEventListener('openfem-post', (e) => {
  const answers: Record<string, AnswerValue> = e.detail.answers;
  const hash: string = e.detail.sha256;
  void [answers, hash];
  // @ts-expect-error the post detail is the package; its score is under `score`
  e.detail.total;
});
fem.addEventListener('openfem-error', (e) => {
  const detail: ErrorDetail = e.detail;
  switch (detail.code) {
    case 'load':
    case 'bank':
    case 'draft':
    case 'sections':
    case 'chrome':
    case 'answers':
      console.warn(detail.message);
      break;
    default: {
      const never: never = detail.code;
      void never;
    }
  }
  // @ts-expect-error not one of the error codes
  if (detail.code === 'network') return;
});
// Every mount: openfem-ready (the storage key opened), then the current openfem-score.
fem.addEventListener('openfem-ready', (e) => {
  const key: string = e.detail.draft;
  void key;
  // @ts-expect-error the ready detail carries no score
  void e.detail.total;
});
const onScore = (e: CustomEvent<ScoreDocument>) => void e.detail.total;
fem.addEventListener('openfem-score', onScore);
fem.removeEventListener('openfem-score', onScore);
// Other events keep the DOM's types.
fem.addEventListener('click', (e) => void e.clientX);
// @ts-expect-error the score listener does not take a change detail
fem.addEventListener('openfem-score', (e: CustomEvent<ChangeDetail>) => void e);

// ... on any ancestor element, the document and the window (the events bubble and are composed).
document.addEventListener('openfem-score', (e) => void e.detail.total);
document.addEventListener('openfem-change', (e) => void e.detail.ref);
document.addEventListener('openfem-error', (e) => void e.detail.code);
window.addEventListener('openfem-complete', (e) => void e.detail.completion.percent);
window.addEventListener('openfem-post', (e) => void e.detail.bank);
document.body.addEventListener('openfem-change', (e) => void e.detail.value);
// @ts-expect-error a misspelt event name gets no typed detail
document.addEventListener('openfem-scores', (e) => void e.detail.total);

// The JS API.
async function api(el: OpenFemAssessment): Promise<void> {
  await el.ready;
  const doc: AnswersDocument = el.getAnswers();
  const format: 'openfem-answers' = doc.format;
  const version: number = doc.version;
  const bank: string = doc.bank;
  const bankVersion: string | undefined = doc.bank_version;
  void [format, version, bank, bankVersion];
  el.setAnswers(doc);
  el.setAnswers(JSON.stringify(doc));
  el.setAnswers({
    format: 'openfem-answers',
    version: 1,
    bank: 'fem-2024',
    answers: { emsmgmt: 'yes', sipwater: ['a', 'b'], enelec: 1200, rows: [{ source: 'grid', mj: 3 }], cleared: null },
  });
  // @ts-expect-error the format is a fixed string
  el.setAnswers({ format: 'answers', version: 1, bank: 'fem-2024', answers: {} });
  // @ts-expect-error answers are required
  el.setAnswers({ format: 'openfem-answers', version: 1, bank: 'fem-2024' });
  // @ts-expect-error neither a document nor its JSON text
  el.setAnswers(42);
  scoreFields(el.getScore());
  el.reset();
  const v: Validation = el.validate();
  const valid: boolean = v.valid;
  const complete: boolean = v.complete;
  const paths: string[] = v.errors.map((e) => `${e.path}: ${e.message}`);
  const missing: string[] = v.missing;
  void [valid, complete, paths, missing];
  // @ts-expect-error getScore is synchronous: not a promise
  await el.getScore().then(() => 0);
  // Removing an element for good: remove it, then free it (after its answers are saved).
  el.remove();
  const freed: Promise<void> = el.dispose();
  await freed;
  // @ts-expect-error dispose takes no argument
  await el.dispose(true);
}

// Every field of the score document (docs/score-format.md).
function scoreFields(s: ScoreDocument): void {
  const ids: [string, string] = [s.bank, s.bank_version];
  const total: number = s.total;
  const canPost: boolean = s.can_post;
  if (s.zeroed) {
    const z: { id: string; why: string; fix: string; refs: string[] } = s.zeroed;
    void z;
  }
  const c = s.completion;
  const completion: [number, number, number, string[]] = [c.answered, c.required, c.percent, c.missing];
  for (const section of s.sections) sectionFields(section);
  const e = s.energy;
  const energy: number[] = [e.total_mj, e.renewable_mj, e.physical_renewable_mj, e.scope1_t];
  const scope2: (number | null)[] = [e.scope2_location_t, e.scope2_market_t, e.renewable_share, e.physical_renewable_share];
  const needs: string[] = e.scope2_needs;
  // @ts-expect-error Scope 2 may be absent (null), so it is not a plain number
  const s2: number = e.scope2_location_t;
  const other: unknown = e['intensity'];
  void [ids, total, canPost, completion, energy, scope2, needs, s2, other];
  // @ts-expect-error the total is a number, not a string
  const wrong: string = s.total;
  void wrong;
}

function sectionFields(s: SectionResult): void {
  const head: [string, string, boolean] = [s.id, s.title, s.applicable];
  const score: number | null = s.score;
  const capped: boolean = s.capped;
  const pathway: string | null = s.pathway;
  const progression: 'not_offered' | 'asked' | 'accepted' | 'declined' = s.progression;
  for (const l of s.levels) {
    const level: [number, number, number, number, boolean, boolean, number] = [
      l.level, l.weight, l.points, l.uncapped_points, l.achieved, l.open, l.scored_questions,
    ];
    void level;
  }
  for (const q of s.questions) {
    const question: [string, number | null, string, boolean, boolean, number | null, number | null, string] = [
      q.id, q.level, q.role, q.answered, q.scored, q.points, q.max, q.why,
    ];
    void question;
  }
  const percent: number = s.completion.percent;
  void [head, score, capped, pathway, progression, percent];
  // @ts-expect-error not a progression state
  if (s.progression === 'skipped') return;
}

void [found, all, api];
