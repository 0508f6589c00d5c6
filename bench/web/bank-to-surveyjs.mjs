// Converts OpenFEM's built-in bank into a SurveyJS survey (JSON), for `make bench-web`: the same
// sections (one page each), questions and answer types, Level 2/3 shown on the section's
// progression answer (or on Level 1 answered where a section has none) with `visibleIf`, the
// bank's own show/apply conditions where SurveyJS expressions can say them, and a live total as
// calculated values (a choice question's points: Yes full, Partial half). Not a port of the
// scoring engine: a SurveyJS author's faithful first version of the same questionnaire.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const TOKEN_LABEL = { yes: 'Yes', partial: 'Partial Yes', no: 'No', na: 'Not Applicable', unknown: 'Unknown' };
const quote = (v) => `'${String(v).replace(/'/g, "\\'")}'`;

/** A bank condition as a SurveyJS expression, or null where it has no simple equivalent. */
export function expression(c) {
  const [kind, arg] = Object.entries(c)[0];
  const q = arg?.q && `{${arg.q}}`;
  const parts = (list, op) => {
    const xs = list.map(expression);
    return xs.includes(null) ? null : `(${xs.join(` ${op} `)})`;
  };
  switch (kind) {
    case 'is': return `${q} = ${quote(arg.value)}`;
    case 'includes': return `${q} contains ${quote(arg.value)}`;
    case 'includes_any': return `${q} anyof [${arg.values.map(quote).join(', ')}]`;
    case 'includes_only': return `${q} allof [${arg.values.map(quote).join(', ')}]`;
    case 'in': return `(${arg.values.map((v) => `${q} = ${quote(v)}`).join(' or ')})`;
    case 'count': return `{${arg.q}.length} ${arg.op === '=' ? '==' : arg.op} ${arg.value}`;
    case 'all': return parts(arg, 'and');
    case 'any': return parts(arg, 'or');
    case 'not': { const x = expression(arg); return x && `!(${x})`; }
    default: return null; // table conditions
  }
}

function cell(answer) {
  switch (answer.type) {
    case 'choice': return { cellType: 'radiogroup', choices: answer.options.map((t) => ({ value: t, text: TOKEN_LABEL[t] })) };
    case 'single': return { cellType: 'dropdown', choices: answer.options.map((o) => ({ value: o.id, text: o.label })) };
    case 'multi': return { cellType: 'checkbox', choices: answer.options.map((o) => ({ value: o.id, text: o.label })) };
    case 'number': case 'year': return { cellType: 'text', inputType: 'number', min: answer.min, max: answer.max };
    case 'date': return { cellType: 'text', inputType: 'date' };
    default: return { cellType: answer.multiline ? 'comment' : 'text', maxLength: answer.max_len };
  }
}

function element(q) {
  const a = q.answer;
  const base = { name: q.ref, title: `${q.number ? `${q.number}. ` : ''}${q.prompt}`, isRequired: q.required !== false };
  if (q.help?.guidance || q.help?.intent) base.description = q.help.intent ?? q.help.guidance;
  switch (a.type) {
    case 'choice': return { ...base, type: 'radiogroup', choices: a.options.map((t) => ({ value: t, text: TOKEN_LABEL[t] })) };
    case 'single': return { ...base, type: a.options.length > 6 ? 'dropdown' : 'radiogroup', choices: a.options.map((o) => ({ value: o.id, text: o.label })) };
    case 'multi': return { ...base, type: 'checkbox', choices: a.options.map((o) => ({ value: o.id, text: o.label })) };
    case 'number': return { ...base, type: 'text', inputType: 'number', min: a.min, max: a.max };
    case 'year': return { ...base, type: 'text', inputType: 'number', min: a.min, max: a.max };
    case 'date': return { ...base, type: 'text', inputType: 'date' };
    case 'text': return { ...base, type: a.multiline ? 'comment' : 'text', maxLength: a.max_len };
    case 'table': {
      const columns = a.columns.map((c) => ({ name: c.id, title: c.label, ...cell(c.answer) }));
      const free = a.rows.free;
      return { ...base, type: 'matrixdynamic', columns, rowCount: free?.min ?? 1, minRowCount: free?.min ?? 0, maxRowCount: free?.max ?? 50 };
    }
    default: throw new Error(`${q.ref}: answer type ${a.type}`);
  }
}

/** Points of a scored choice question as an expression (Yes 1, Partial 0.5, else 0). */
const points = (ref) => `iif({${ref}} = 'yes', 1, iif({${ref}} = 'partial', 0.5, 0))`;

export function toSurveyJS(bankDir) {
  const header = JSON.parse(readFileSync(path.join(bankDir, 'bank.json'), 'utf8'));
  const sections = header.section_files.map((f) => JSON.parse(readFileSync(path.join(bankDir, `${f}.json`), 'utf8')));
  const calculatedValues = [];
  const pages = sections.map((s) => {
    const l1 = s.questions.filter((q) => q.level === 1 && q.role !== 'progression');
    const gate = s.progression
      ? `{${s.progression}} = 'yes'`
      : l1.length ? l1.map((q) => `{${q.ref}} notempty`).join(' and ') : null;
    const scored = s.questions.filter((q) => q.score && q.answer.type === 'choice');
    if (s.scored !== false && scored.length) {
      calculatedValues.push({ name: `score_${s.id}`, expression: `(${scored.map((q) => points(q.ref)).join(' + ')}) * 100 / ${scored.length}` });
    }
    const elements = s.questions.map((q) => {
      const e = element(q);
      const conditions = [q.visible_if, q.applies_if].filter(Boolean).map(expression).filter(Boolean);
      if (q.level >= 2 && gate) conditions.push(gate);
      if (conditions.length) e.visibleIf = conditions.map((x) => `(${x})`).join(' and ');
      return e;
    });
    elements.unshift({ type: 'expression', name: `total_${s.id}`, title: 'Total score', expression: 'round({total}, 1)', displayStyle: 'decimal' });
    return { name: s.id, title: s.title, elements };
  });
  const scoredSections = calculatedValues.map((v) => `{${v.name}}`);
  calculatedValues.push({ name: 'total', expression: `(${scoredSections.join(' + ')}) / ${scoredSections.length}` });
  return { title: header.title, pages, calculatedValues, showQuestionNumbers: 'off', checkErrorsMode: 'onComplete' };
}
