// "The Dialpad user, as Dialpad will see it": each field with the value Dialpad will use. A
// value that an error says Dialpad cannot read is struck through and flagged in words (not by
// colour alone), with its certain suggestion and a one-click fix beside it.
import { element } from './findings.js';

const FIELD_LABELS = [['name', 'Name'], ['email', 'Email'], ['office', 'Office'], ['country', 'Country'], ['language', 'Language'], ['jobTitle', 'Job Title'], ['license', 'License']];

/** What Dialpad uses when a field has no usable value, where RULES.md says. */
const WHEN_UNSET = { license: 'account default' };

/**
 * Fills `list` (a <dl>) from `mapping` (mapAttributes of one record), the findings of the same
 * text, and the office `resolution` (or null). `fix(diagnostic)` applies one suggestion;
 * `show(diagnostic)` selects what a finding is about.
 */
export function renderPreview(list, { mapping, diagnostics, resolution, fix, show }) {
  const rows = [];
  const sources = FIELD_LABELS.map(([key]) => mapping?.fields?.[key]?.source).filter(Boolean);
  for (const [key, label] of FIELD_LABELS) {
    const field = mapping?.fields?.[key] ?? { value: null, source: null };
    // A source that holds other fields' sources (a Name made of the whole profile) is not
    // where a finding about the profile belongs.
    const container = field.source && sources.some((source) => source.startsWith(`${field.source}/`));
    const problem = field.source && !container ? worstAt(diagnostics, field.source) : null;
    const dd = element('dd', problem?.severity === 'error' ? 'unusable' : null);
    dd.append(...fieldValue(key, field, mapping, problem));
    if (key === 'office' && resolution) dd.append(...officeUsed(resolution));
    if (field.source) dd.append(element('code', 'source', field.source));
    if (problem) dd.append(...problemNote(label, problem, fix, show));
    rows.push(element('dt', null, label), dd);
  }
  list.replaceChildren(...rows);
}

/** The most severe error or warning whose path is exactly the field's source. */
function worstAt(diagnostics, path) {
  const here = diagnostics.filter((d) => d.path === path && (d.severity === 'error' || d.severity === 'warning'));
  return here.find((d) => d.severity === 'error') ?? here[0] ?? null;
}

function fieldValue(key, field, mapping, problem) {
  if (field.value === null) return [element('span', 'value empty', WHEN_UNSET[key] ?? 'not set')];
  if (problem?.severity === 'error') {
    // <del> says "not this value" to assistive technology as well as by the strike.
    return [element('del', 'value', field.value), element('span', 'flag error', 'Dialpad cannot use this')];
  }
  const shown = key === 'license' && mapping?.product ? `${field.value} (${mapping.product})` : field.value;
  return [element('span', 'value', shown)];
}

/** With the account's offices known, the office Dialpad will actually put the user in. */
function officeUsed(resolution) {
  const used = resolution.office ? `Dialpad uses “${resolution.office}” (by ${resolution.decidedBy})` : 'Dialpad chooses the office';
  return [element('span', 'used', used)];
}

function problemNote(label, problem, fix, show) {
  const parts = [];
  if (problem.suggestion !== undefined) {
    parts.push(element('span', 'suggestion', `Use ${JSON.stringify(problem.suggestion)}`));
    const button = element('button', 'fix-button', 'Fix');
    button.type = 'button';
    button.setAttribute('aria-label', `Fix ${label}: use ${JSON.stringify(problem.suggestion)}`);
    button.addEventListener('click', () => fix(problem));
    parts.push(button);
  }
  if (problem.range) {
    const why = element('button', 'link-button', problem.severity === 'error' ? 'Why?' : `${problem.severity}: why?`);
    why.type = 'button';
    // The accessible name starts with the visible words, so speech input can say them.
    why.setAttribute('aria-label', `${why.textContent} ${label}: show ${problem.code} in the text`);
    why.addEventListener('click', () => show(problem));
    parts.push(why);
  }
  return parts;
}
