// React (18 and 19) JSX types for <openfem-assessment>: its attributes and `onopenfem-*` event
// props. Opt in once, e.g. in your entry file or a .d.ts of your app:
//   import type {} from 'openfem/react';
// Needs @types/react. React 19 passes `onopenfem-score={fn}` to the element as an
// `openfem-score` listener; with React 18 add listeners through a ref instead (README).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { OpenFemAssessment, OpenFemEventMap } from './openfem.js';

/** `onopenfem-change`, `onopenfem-score`, …: one prop per event, typed with its detail. */
export type OpenFemEventProps = {
  [K in keyof OpenFemEventMap as `on${K}`]?: (event: OpenFemEventMap[K]) => void;
};

/** The element's attributes (docs/embedding.md, "Attributes"). */
export interface OpenFemAttributes {
  /** BCP 47 tag of the widget's language. */
  locale?: string;
  /** URL of a bank JSON document (default: the built-in FEM 2024 bank). */
  bank?: string;
  /** The drafts key, e.g. the facility and year ("acme-dhaka-2026"): letters, digits, `. _ - :`. */
  draft?: string;
  readonly?: boolean;
  /** Comma list of section ids to show, e.g. "energy,water". */
  sections?: string;
  theme?: 'light' | 'dark';
  /** The widget's name on the page (e.g. the facility). */
  label?: string;
  /** The widget's own chrome to show: "all", "none", or parts among "title drafts files". */
  chrome?: string;
}

export type OpenFemAssessmentProps = DetailedHTMLProps<HTMLAttributes<OpenFemAssessment>, OpenFemAssessment>
  & OpenFemAttributes
  & OpenFemEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'openfem-assessment': OpenFemAssessmentProps;
    }
  }
}
