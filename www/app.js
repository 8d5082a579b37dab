// The checker page. Input text is only ever inserted with textContent, never as HTML.
import init, { validate, mapAttributes, resolveOffice, applySuggestions } from './pkg/scim_preflight.js';
import { SAMPLES } from './samples.js';
import { createGutter, selectRange } from './editor.js';
import { loadOffices, saveOffices, renderOfficeTable, parseOfficesFile } from './offices.js';
import { createBatchView } from './batch.js';
import { element, renderFindings, nextStep, plural, sampleMenu } from './findings.js';
import { createMappingsView } from './mappings.js';
import { renderPreview } from './preview.js';
import { createPaneTabs } from './tabs.js';

const TEXT_KEY = 'scim-preflight.text';
const $ = (id) => document.getElementById(id);
const input = $('input');
const gutter = createGutter(input, $('gutter'));
const panes = createPaneTabs($('pane-tabs'), [{ tab: $('tab-input'), panel: $('input-pane') }, { tab: $('tab-findings'), panel: $('results-pane') }]);
let offices = loadOffices();

/** The offices the core accepts (null when none), worked out when the offices change rather
 * than on every keystroke; the reason is shown beside the table when the core refuses them. */
let knownOffices = null;

function updateKnownOffices() {
  const named = offices.filter((office) => office.name && office.name.trim() !== '');
  knownOffices = null;
  $('offices-status').textContent = '';
  if (named.length === 0) return;
  try {
    resolveOffice('{}', named);
    knownOffices = named;
  } catch (error) {
    $('offices-status').textContent = error.message;
  }
}

/** Above this, checking on every keystroke would make typing lag: check in the background instead. */
const LIVE_LIMIT = 500_000;

function check() {
  const text = input.value;
  if (text.length > LIVE_LIMIT) {
    $('summary').textContent = `This text is ${Math.round(text.length / 1000)} kB: it is not checked as you type. Use “Check this text as a batch”.`;
    $('summary').dataset.ok = '';
    $('check-as-batch').hidden = false;
    clearResults('not checked');
    return;
  }
  $('check-as-batch').hidden = true;
  const known = knownOffices;
  const report = validate(text, known ? { offices: known } : undefined);
  renderSummary(report);
  renderFindings($('diagnostics'), report.diagnostics, { select: showInText });
  gutter.mark(report.diagnostics);
  // A batch shows its first readable record: its user and its office, the same one.
  const mapped = mapAttributes(text);
  const shown = Array.isArray(mapped) ? Math.max(0, mapped.findIndex((candidate) => candidate.kind !== 'unknown')) : null;
  const resolution = renderOffice(text, known, shown);
  renderUser(mapped, shown, report.diagnostics, resolution);
  mappingsView.refresh();
}

/** Nothing of an earlier text stays on screen (its user, fixes, office, marks) when this one is not checked. */
function clearResults(status) {
  for (const id of ['next-step', 'preview-note', 'unmapped-count']) $(id).textContent = '';
  for (const id of ['diagnostics', 'preview', 'unmapped', 'office-decision']) $(id).replaceChildren();
  gutter.mark([]);
  $('tab-findings').textContent = `Findings (${status})`;
  $('announce').textContent = '';
}

/** Selects what a finding is about in the editor (switching to the text on a narrow screen). */
function showInText(diagnostic) {
  panes.show(0);
  selectRange(input, diagnostic.range, diagnostic.line);
}

function renderSummary(report) {
  const { error, warning, info } = report.counts;
  const verdict = report.ok ? 'Ready for Dialpad' : 'Needs fixing';
  const counts = `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(info, 'note')}`;
  $('summary').textContent = `${verdict} — ${report.kind}: ${counts}.`;
  $('summary').dataset.ok = String(report.ok);
  $('next-step').textContent = nextStep(report.diagnostics);
  $('tab-findings').textContent = `Findings (${error > 0 ? plural(error, 'error') : warning > 0 ? plural(warning, 'warning') : 'ready'})`;
  // A short polite announcement, only when the counts change, so typing is not talked over.
  const announcement = `Checked: ${counts}.`;
  if ($('announce').textContent !== announcement) $('announce').textContent = announcement;
}

const withOffices = (options = {}) => (knownOffices ? { ...options, offices: knownOffices } : options);

/** One suggestion applied where it belongs, every other byte kept; focus stays on the card. */
function fixOne(diagnostic) {
  const after = applySuggestions(input.value, withOffices({ paths: [diagnostic.path] }));
  $('fix-status').textContent = after === input.value ? 'That fix no longer applies.' : `Fixed ${diagnostic.path}.`;
  if (after !== input.value) setText(after);
  // The card was drawn again, and the button with it: focus goes to the card, not the page.
  $('preview').focus();
}

function renderUser(result, shown, diagnostics, resolution) {
  const mappings = Array.isArray(result) ? result : [result];
  const mapping = mappings[shown ?? 0];
  $('preview-note').textContent = Array.isArray(result) ? `A batch of ${mappings.length} records: record ${shown} is shown, the first readable one.` : '';
  renderPreview($('preview'), { mapping, diagnostics, resolution, fix: fixOne, show: showInText });
  const unmapped = mapping?.unmapped ?? [];
  $('unmapped-count').textContent = String(unmapped.length);
  $('unmapped').replaceChildren(...unmapped.map((pointer) => element('li', null, pointer)));
}

const OUTCOME_TEXT = { matched: 'matched', nearMiss: 'near miss', noMatch: 'no match', absent: 'not set', ambiguous: 'several offices', skipped: 'not tried', dialpadChooses: "Dialpad's choice" };

/** Shows which office Dialpad chooses for the record shown, and how; returns the resolution (null without offices). */
function renderOffice(text, known, shown) {
  const box = $('office-decision');
  if (!known) {
    box.replaceChildren(element('p', 'note', 'Add your offices below to see which office Dialpad puts this user in.'));
    return null;
  }
  const result = resolveOffice(text, known);
  const resolution = Array.isArray(result) ? result[shown ?? 0] : result;
  if (!resolution) { box.replaceChildren(); return null; }
  const headline = resolution.office
    ? `Dialpad puts this user in “${resolution.office}” (decided by ${resolution.decidedBy}).`
    : resolution.decidedBy === 'country' ? 'Several offices share the country: Dialpad chooses among them.' : 'No attribute decides: Dialpad picks the office itself.';
  const steps = element('ol', 'trace');
  for (const step of resolution.trace) {
    const item = element('li', `step ${step.outcome}`);
    item.append(element('span', 'step-number', `Step ${step.step}`), element('strong', null, step.attribute), element('span', 'outcome', OUTCOME_TEXT[step.outcome] ?? step.outcome));
    if (step.value !== null) item.append(element('code', 'value', step.value));
    item.append(element('span', 'step-note', step.note));
    if (step.candidates.length > 0 && step.attribute !== 'dialpad') item.append(element('span', 'candidates', `Offices there: ${step.candidates.join(', ')}`));
    steps.append(item);
  }
  box.replaceChildren(element('p', 'headline', headline), steps, element('p', `number ${resolution.number.source}`, `Phone number: ${resolution.number.note}`));
  return resolution;
}

let timer;
function scheduleCheck() {
  gutter.render();
  clearTimeout(timer);
  timer = setTimeout(() => { localStorage.setItem(TEXT_KEY, input.value); check(); }, 120);
}

function setText(text) {
  input.value = text;
  localStorage.setItem(TEXT_KEY, text);
  gutter.render();
  check();
}

const mappingsView = createMappingsView({ users: input, setUsers: setText, getOffices: () => knownOffices, usersFound: showInText });

function officesChanged(updated) {
  offices = updated;
  saveOffices(offices);
  renderOfficeTable($('office-rows'), offices, officesChanged);
  updateKnownOffices();
  check();
}

function setUpSamples() {
  sampleMenu($('samples'), SAMPLES, (sample) => setText(sample.text));
}

function setUpFixes() {
  $('apply-fixes').addEventListener('click', () => {
    const before = input.value;
    const after = applySuggestions(before, withOffices());
    $('fix-status').textContent = after === before ? 'No certain fix to apply.' : 'Applied every certain suggestion.';
    if (after !== before) setText(after);
  });
}

function setUpOffices() {
  renderOfficeTable($('office-rows'), offices, officesChanged);
  $('add-office').addEventListener('click', () => officesChanged([...offices, { name: '', country: '' }]));
  $('import-offices').addEventListener('change', async (event) => {
    const [file] = event.target.files;
    if (!file) return;
    try {
      officesChanged(parseOfficesFile(file.name, await file.text()));
      $('offices-status').textContent = `Imported ${offices.length} offices from ${file.name}.`;
    } catch (error) {
      $('offices-status').textContent = `Could not import ${file.name}: ${error.message}`;
    }
    event.target.value = '';
  });
}

const batch = createBatchView({
  getOffices: () => knownOffices,
  elements: {
    results: $('batch-results'), progress: $('batch-progress-bar'), progressBox: $('batch-progress'), status: $('batch-status'), cancel: $('batch-cancel'), retry: $('batch-retry'),
    summary: $('batch-summary'), notes: $('batch-notes'), severityFilter: $('batch-severity'), codeFilter: $('batch-code'), table: $('batch-table'), tableNote: $('batch-table-note'),
    capacity: $('capacity-table'), capacityNote: $('capacity-note'), downloadCsv: $('download-csv'), downloadJson: $('download-json'),
  },
});

function checkFile(file) {
  batch.start(file.name, { file });
  $('batch').scrollIntoView({ block: 'start' });
}

function setUpBatches() {
  $('check-as-batch').addEventListener('click', () => {
    batch.start('pasted text', { text: input.value });
    $('batch').scrollIntoView({ block: 'start' });
  });
  $('open-batch').addEventListener('change', (event) => {
    const [file] = event.target.files;
    if (file) checkFile(file);
    event.target.value = '';
  });
  for (const zone of [document.querySelector('.editor'), $('batch')]) {
    zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('dropping'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('dropping'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('dropping');
      const [file] = event.dataTransfer.files;
      if (file) checkFile(file);
    });
  }
}

// boot.js began compiling the wasm while the modules loaded; without it, init() fetches it.
await init({ module_or_path: (await globalThis.scimPreflightWasm) ?? undefined });
updateKnownOffices();
setUpBatches();
setUpSamples();
setUpFixes();
setUpOffices();
input.addEventListener('input', scheduleCheck);
// A reload or a closed tab inside the debounce would lose what was just typed.
addEventListener('pagehide', () => localStorage.setItem(TEXT_KEY, input.value));
setText(localStorage.getItem(TEXT_KEY) ?? SAMPLES[1].text);
performance.mark('first-result');
document.body.dataset.ready = 'true';
