// Not part of the app: `npm run typecheck` (tsc --strict) checks that the JSX types refuse these
// mistakes. Each `@ts-expect-error` fails the check if the line is accepted.
import type {} from 'openfem/react';

export const checks = [
  <openfem-assessment draft="acme-dhaka-2026" theme="dark" readonly chrome="files drafts" sections="energy,water" />,
  <openfem-assessment onopenfem-ready={(e) => e.detail.draft.toUpperCase()} onopenfem-complete={(e) => e.detail.can_post} />,
  // @ts-expect-error not a theme
  <openfem-assessment theme="blue" />,
  // @ts-expect-error the score document has no `score` field
  <openfem-assessment onopenfem-score={(e) => e.detail.score} />,
  // @ts-expect-error `openfem-change` details are { ref, value }
  <openfem-assessment onopenfem-change={(e) => e.detail.total} />,
  // @ts-expect-error readonly is a boolean
  <openfem-assessment readonly="yes" />,
];
