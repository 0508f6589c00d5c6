import { useEffect, useRef } from 'react';
import 'openfem';
import type { OpenFemAssessment, PostedPackage, ScoreDocument } from 'openfem';
// JSX types for <openfem-assessment> (attributes and onopenfem-* event props).
import type {} from 'openfem/react';

export interface Facility {
  id: string;
  name: string;
}

interface Props {
  facility: Facility;
  year: number;
  onScore: (facility: Facility, score: ScoreDocument) => void;
  onPost: (facility: Facility, posted: PostedPackage) => void;
}

/**
 * One facility's assessment. Render it with `key={facility.id}` so that another facility is a
 * new element (with its own draft), never the previous one re-used.
 */
export function FemAssessment({ facility, year, onScore, onPost }: Props) {
  const ref = useRef<OpenFemAssessment>(null);

  useEffect(() => {
    const element = ref.current;
    return () => {
      // StrictMode (development) runs this cleanup right after mounting, with the element still
      // on the page, then runs the effect again: `dispose()` there would leave it empty for good.
      // Free the widget only once React has really taken the element off the page.
      setTimeout(() => {
        if (element && !element.isConnected) void element.dispose();
      });
    };
  }, []);

  return (
    <openfem-assessment
      ref={ref}
      draft={`${facility.id}-${year}`}
      label={facility.name}
      locale="en"
      // Every `openfem-ready` is followed by the current score, so the header is right from the
      // first frame the widget shows, and after every change.
      onopenfem-score={(event) => onScore(facility, event.detail)}
      onopenfem-post={(event) => onPost(facility, event.detail)}
      onopenfem-error={(event) => console.warn(`OpenFEM (${facility.name}):`, event.detail)}
    />
  );
}
