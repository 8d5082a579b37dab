// Lists of findings, triaged: errors, then warnings, then notes, each in document order, with
// the notes of one code folded into one expandable line. Each finding is a button (so Enter
// works as a click) that selects what it is about in its text area; everything from the input
// is inserted as text. Also the two small DOM helpers the page's views share.
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Fills a <select> with an option per sample; `choose(sample)` is called when one is chosen. */
export function sampleMenu(select, samples, choose) {
  for (const sample of samples) {
    const option = element('option', null, sample.title);
    option.value = sample.id;
    select.append(option);
  }
  select.addEventListener('change', () => {
    const sample = samples.find((candidate) => candidate.id === select.value);
    if (sample) choose(sample);
  });
}

export const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
/** What the badges and summaries call each severity; `info` is a note to an admin. */
export const SEVERITY_WORD = { error: 'error', warning: 'warning', info: 'note' };

export const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** How a fold of several notes of one code reads; other codes read "N notes: code". */
const FOLD_LABELS = {
  'attribute.unmapped': (count) => `${count} attributes Dialpad ignores`,
  'license.default': (count) => `${count} users get the account's default license`,
  'license.no_number': (count) => `${count} Support users get no phone number by default`,
  'office.resolved': (count) => `${count} office decisions`,
  'mapping.unmapped': (count) => `${count} attributes Dialpad reads are not mapped`,
  'lifecycle.suspend': (count) => `${count} users are suspended`,
};

/** Notes of one code fold into one line from this many on. */
const FOLD_FROM = 2;

/**
 * The order findings are shown in: errors, warnings, then notes, each kind in the order given
 * (document order); the notes of one code, when there are several, become one
 * `{ code, diagnostics }` at the place of the first.
 */
export function triage(diagnostics) {
  const ranked = diagnostics.map((diagnostic, index) => ({ diagnostic, index }));
  ranked.sort((a, b) => (SEVERITY_RANK[a.diagnostic.severity] ?? 3) - (SEVERITY_RANK[b.diagnostic.severity] ?? 3) || a.index - b.index);
  const notesByCode = new Map();
  for (const { diagnostic } of ranked) {
    if (diagnostic.severity !== 'info') continue;
    if (!notesByCode.has(diagnostic.code)) notesByCode.set(diagnostic.code, []);
    notesByCode.get(diagnostic.code).push(diagnostic);
  }
  const entries = [];
  const folded = new Set();
  for (const { diagnostic } of ranked) {
    const notes = diagnostic.severity === 'info' ? notesByCode.get(diagnostic.code) : null;
    if (!notes || notes.length < FOLD_FROM) entries.push({ diagnostic });
    else if (!folded.has(diagnostic.code)) {
      folded.add(diagnostic.code);
      entries.push({ code: diagnostic.code, diagnostics: notes });
    }
  }
  return entries;
}

export const foldLabel = (code, count) => FOLD_LABELS[code]?.(count) ?? `${count} notes: ${code}`;

/**
 * Fills `list` with the findings, triaged. `select(diagnostic)` is called on a click (or
 * Enter) when the diagnostic has a range; without `select` (or a range) the button is
 * disabled. `extra(diagnostic)` may give more lines of text to show.
 */
export function renderFindings(list, diagnostics, { select, extra } = {}) {
  const finding = (diagnostic) => findingItem(diagnostic, select, extra);
  list.replaceChildren(...triage(diagnostics).map((entry) => (entry.diagnostic ? finding(entry.diagnostic) : foldItem(entry, finding))));
}

function findingItem(diagnostic, select, extra) {
  const item = element('li', `diagnostic ${diagnostic.severity}`);
  const button = element('button', 'diagnostic-button');
  button.type = 'button';
  const where = diagnostic.line ? `${diagnostic.line}:${diagnostic.column}` : diagnostic.path || '(input)';
  button.append(badge(diagnostic.severity), element('code', 'code', diagnostic.code), element('span', 'where', where), element('span', 'message', diagnostic.message));
  if (diagnostic.hint) button.append(element('span', 'hint', diagnostic.hint));
  if (diagnostic.suggestion !== undefined) button.append(element('span', 'suggestion', `Suggested: ${JSON.stringify(diagnostic.suggestion)}`));
  for (const line of extra?.(diagnostic) ?? []) button.append(element('span', 'hint', line));
  if (diagnostic.range && select) button.addEventListener('click', () => select(diagnostic));
  else button.disabled = true;
  item.append(button);
  return item;
}

/** The severity as a word, with its icon (the gutter's) drawn by the style sheet. */
export function badge(severity) {
  return element('span', `badge ${severity}`, SEVERITY_WORD[severity] ?? severity);
}

function foldItem({ code, diagnostics }, finding) {
  const item = element('li', 'diagnostic info fold');
  const details = element('details');
  const summary = element('summary', 'fold-summary');
  summary.append(badge('info'), element('span', 'fold-label', foldLabel(code, diagnostics.length)), element('code', 'code', code));
  const inner = element('ul', 'fold-list');
  inner.append(...diagnostics.map(finding));
  details.append(summary, inner);
  item.append(details);
  return item;
}

/**
 * The next step, in one sentence: which errors to fix first and whether "Apply suggested
 * fixes" can do it, or that it is ready.
 */
export function nextStep(diagnostics) {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const fixable = (list) => list.filter((d) => d.suggestion !== undefined).length;
  const byFix = (count, all) => (count === 0 ? '' : ` “Apply suggested fixes” makes the certain fix of ${count === all ? (all === 1 ? 'it' : `all ${all}`) : `${count} of them`}.`);
  if (errors.length > 0) {
    const first = errors[0];
    const at = first.line ? ` at line ${first.line}` : '';
    return `Fix ${errors.length === 1 ? 'the error' : `the ${errors.length} errors`} first, starting with ${first.code}${at}.${byFix(fixable(errors), errors.length)}`;
  }
  if (warnings.length > 0) return `Dialpad accepts it; review ${plural(warnings.length, 'warning')}: each says what Dialpad will do instead.${byFix(fixable(warnings), warnings.length)}`;
  return diagnostics.length > 0 ? 'Nothing to fix: the notes say what Dialpad will do.' : 'Nothing to fix.';
}
