import { useState } from 'react';
import { flushSync } from 'react-dom';
import type { PostedPackage } from 'openfem';
import { FemAssessment, type Facility } from './FemAssessment';

const FACILITIES: Facility[] = [
  { id: 'acme-dhaka', name: 'Acme Dyeing, Dhaka' },
  { id: 'acme-hcmc', name: 'Acme Knits, Ho Chi Minh City' },
];
const YEAR = 2026;

type Posted =
  | { state: 'sending' }
  | { state: 'accepted'; total: number }
  | { state: 'refused'; message: string };

/** The server recomputes the score from the posted package's answers (`openfem score --complete`). */
async function post(facility: Facility, posted: PostedPackage): Promise<Posted> {
  try {
    const response = await fetch(`/api/fem-answers?facility=${encodeURIComponent(facility.id)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(posted),
    });
    const body = (await response.json()) as { total?: number; error?: string };
    if (response.ok && typeof body.total === 'number') return { state: 'accepted', total: body.total };
    return { state: 'refused', message: body.error ?? `HTTP ${response.status}` };
  } catch (err) {
    return { state: 'refused', message: String(err) };
  }
}

export function App() {
  const [current, setCurrent] = useState<Facility>(FACILITIES[0]!);
  // The total of the facility shown, never another one's: "–" until its widget sends its score.
  const [score, setScore] = useState<{ facility: string; total: number } | null>(null);
  const [posted, setPosted] = useState<Posted | null>(null);
  const total = score?.facility === current.id ? score.total.toFixed(1) : '–';

  return (
    <>
      <header className="portal-header">
        <p className="portal-brand">Northwind Sourcing</p>
        <p className="portal-total">
          {current.name}: FEM {YEAR} score <output id="portal-total">{total}</output>
        </p>
      </header>
      <main>
        <h1>Supplier environmental self-assessments, {YEAR}</h1>
        <nav aria-label="Facilities">
          <ul className="portal-facilities">
            {FACILITIES.map((f) => (
              <li key={f.id}>
                <button
                  type="button"
                  id={`facility-${f.id}`}
                  aria-pressed={f.id === current.id}
                  onClick={() => {
                    if (f.id === current.id) return;
                    setCurrent(f);
                    setScore(null); // "–" until the facility's widget sends its score
                    setPosted(null);
                  }}
                >
                  {f.name}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <p id="portal-posted" role="status">
          {posted?.state === 'sending' && 'Sending the answers…'}
          {posted?.state === 'accepted' && `Posted. Score recomputed by Northwind: ${posted.total.toFixed(1)}`}
          {posted?.state === 'refused' && `Not accepted: ${posted.message}`}
        </p>
        <FemAssessment
          key={current.id}
          facility={current}
          year={YEAR}
          // flushSync: the header changes in the same task as the widget's score, never a frame
          // later (the event comes from outside React, which would otherwise defer the render).
          onScore={(facility, doc) => flushSync(() => setScore({ facility: facility.id, total: doc.total }))}
          onPost={async (facility, posted) => {
            setPosted({ state: 'sending' });
            setPosted(await post(facility, posted));
          }}
        />
      </main>
    </>
  );
}
