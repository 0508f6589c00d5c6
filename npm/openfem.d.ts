// Types of the <openfem-assessment> element, its events and their `detail` shapes.
// See docs/embedding.md in the OpenFEM repository for the full description.

/** A question's answer value: a token ("yes", "partial", "no", "na", "unknown"), an option id,
 *  a list of option ids, a number, a string, or table rows. `null` clears the answer. */
export type AnswerValue = string | number | boolean | null | AnswerValue[] | { [key: string]: AnswerValue };

/** The answers document: what the widget exports and posts, and `openfem score` reads. */
export interface AnswersDocument {
  format: 'openfem-answers';
  version: number;
  /** Bank id, e.g. "fem-2024". */
  bank: string;
  bank_version?: string;
  /** Ref ID → answer value. */
  answers: Record<string, AnswerValue>;
  /** Data checks the facility dismissed, by check key ("operating_days:sipoperatingdays"),
   *  each with its note for the verifier and when (docs/data-checks.md). Absent when none. */
  dismissed_checks?: Record<string, { note: string; at: string }>;
}

/** The posted package (docs/package-format.md): what `openfem-post` carries and a facility sends
 *  to a brand as `.ofem.json`. Check it on a server with `openfem verify`. */
export interface PostedPackage {
  format: 'openfem-package';
  version: number;
  bank: string;
  bank_version: string;
  /** ISO 8601 UTC time of posting. */
  posted_at: string;
  /** Ref ID → answer value, as in an answers document. */
  answers: Record<string, AnswerValue>;
  /** Data checks dismissed with a note, as in the answers document (absent when none). */
  dismissed_checks?: AnswersDocument['dismissed_checks'];
  /** The score document of the answers when posted. */
  score: ScoreDocument;
  /** Lower-case hex SHA-256 of the package's canonical form (everything but this key). */
  sha256: string;
}

export interface Completion {
  answered: number;
  required: number;
  /** 0–100. */
  percent: number;
  /** Ref IDs of shown required questions without an answer, in display order. */
  missing: string[];
}

export interface ZeroGate {
  id: string;
  why: string;
  fix: string;
  refs: string[];
}

export interface LevelResult {
  level: number;
  weight: number;
  points: number;
  uncapped_points: number;
  achieved: boolean;
  open: boolean;
  scored_questions: number;
}

export interface QuestionResult {
  id: string;
  level: number | null;
  role: string;
  answered: boolean;
  scored: boolean;
  points: number | null;
  max: number | null;
  why: string;
}

export interface SectionResult {
  id: string;
  title: string;
  applicable: boolean;
  score: number | null;
  capped: boolean;
  pathway: string | null;
  progression: 'not_offered' | 'asked' | 'accepted' | 'declined';
  levels: LevelResult[];
  questions: QuestionResult[];
  completion: Completion;
}

export interface EnergyReport {
  total_mj: number;
  /** Renewable energy the facility may claim (certificate-backed electricity, biofuels, …). */
  renewable_mj: number;
  /** renewable_mj / total_mj; null when there is no energy. */
  renewable_share: number | null;
  /** Renewable energy physically produced or burnt at the site, certificates or not. */
  physical_renewable_mj: number;
  physical_renewable_share: number | null;
  scope1_t: number;
  /** null when it cannot be computed (see scope2_needs): never a silent 0. */
  scope2_location_t: number | null;
  scope2_market_t: number | null;
  /** What absent Scope 2 figures wait for: 'country', 'onsite_credits_sold_pct'. */
  scope2_needs: string[];
  [field: string]: unknown;
}

/** The core's score document (`openfem score` prints the same; see docs/score-format.md). */
export interface ScoreDocument {
  bank: string;
  bank_version: string;
  /** 0–100. */
  total: number;
  zeroed: ZeroGate | null;
  can_post: boolean;
  completion: Completion;
  sections: SectionResult[];
  /** Energy (MJ) and Scope 1/2 GHG figures from the Energy and Air answers (docs/score-format.md
   *  lists every field; the main ones are typed here). */
  energy: EnergyReport;
}

export interface AnswerProblem {
  /** JSON path, e.g. "answers.emsmgmt". */
  path: string;
  message: string;
}

export interface Validation {
  /** No answer is invalid (unknown Ref ID, wrong type, out of range). */
  valid: boolean;
  /** Every shown required question is answered (Post is enabled). */
  complete: boolean;
  errors: AnswerProblem[];
  missing: string[];
}

export interface ChangeDetail {
  /** The question's Ref ID. */
  ref: string;
  value: AnswerValue;
}

export interface ErrorDetail {
  /** "load" (wasm, its API part, or stylesheet), "bank", "draft" (refused: not mounted), "sections", "chrome"
   *  (unknown parts ignored) or "answers" (answers set before ready or carried over a re-mount
   *  that were not applied). */
  code: 'load' | 'bank' | 'draft' | 'sections' | 'chrome' | 'answers';
  /** For a person to read, in the widget's language (`lang`); never parse it: act on `code`.
   *  "load" is in English (without the wasm module the widget has no languages). */
  message: string;
  /** The language of `message` (`en`, `zh-CN`, `vi`). */
  lang: string;
}

export interface ReadyDetail {
  /** The storage key the widget opened: its `draft` attribute, or the element's own key. */
  draft: string;
}

/** Parts of the widget's own chrome for the `chrome` attribute (space- or comma-separated). */
export type ChromePart = 'title' | 'drafts' | 'files' | 'all' | 'none';

export interface OpenFemEventMap {
  'openfem-ready': CustomEvent<ReadyDetail>;
  'openfem-change': CustomEvent<ChangeDetail>;
  'openfem-score': CustomEvent<ScoreDocument>;
  'openfem-complete': CustomEvent<ScoreDocument>;
  'openfem-post': CustomEvent<PostedPackage>;
  'openfem-error': CustomEvent<ErrorDetail>;
}

export class OpenFemAssessment extends HTMLElement {
  /** Resolves once the widget is mounted, its draft loaded and the API's code (a part of the
   *  wasm, fetched beside the draft) is there (again after an attribute other than `theme`
   *  changes). The `openfem-ready` event and an `openfem-score` come with it. */
  ready: Promise<void>;
  /** Throws before `ready`. */
  getAnswers(): AnswersDocument;
  /** Throws (changing nothing) when the document does not fit the bank. Accepts its JSON text too.
   *  Before `ready`: kept and applied once the draft is loaded (an `openfem-error` "answers" if
   *  it then does not fit). */
  setAnswers(doc: AnswersDocument | string): void;
  /** Throws before `ready`. */
  getScore(): ScoreDocument;
  /** Before `ready`: applied once the draft is loaded. */
  reset(): void;
  /** Throws before `ready`. */
  validate(): Validation;
  /**
   * Frees the widget for good (view and state: answers in memory, drafts store, its listeners)
   * after saving what is pending; resolves when done (the answers are then in IndexedDB). The
   * same promise on later calls. Afterwards the other methods throw and the element stays empty.
   * Without it, a removed element keeps its state (its methods work; put back, it shows it).
   */
  dispose(): Promise<void>;

  // HTMLElementEventMap includes OpenFemEventMap (below): the DOM's own events keep their types.
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: OpenFemAssessment, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: OpenFemAssessment, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'openfem-assessment': OpenFemAssessment;
  }
  // The events bubble and are composed: any ancestor element, the document or the window hears them.
  interface HTMLElementEventMap extends OpenFemEventMap {}
  interface DocumentEventMap extends OpenFemEventMap {}
  interface WindowEventMap extends OpenFemEventMap {}
}
