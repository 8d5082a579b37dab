// The Mappings area: the admin's Okta -> Dialpad mapping, run over the users in the editor with
// simulate(): per user the app user values, the expression and Okta attributes behind each, the
// SCIM request Okta will send and what Dialpad says about it; for a batch, totals per attribute.
// Input text is only ever inserted as text.
import { simulate, defaultMapping } from './pkg/scim_preflight.js';
import { createGutter, selectRange } from './editor.js';
import { element, renderFindings, sampleMenu } from './findings.js';
import { MAPPING_SAMPLES } from './samples.js';

const KEY = 'scim-preflight.mapping';
const LIVE_LIMIT = 500_000;
const $ = (id) => document.getElementById(id);

/**
 * `users` is the main editor's text area (its users are simulated) and `setUsers(text)` replaces
 * its text; `getOffices()` the offices the core accepts; `usersFound(diagnostic)` selects a
 * finding about a user in that editor.
 */
export function createMappingsView({ users, setUsers, getOffices, usersFound }) {
  const mappingInput = $('mapping-input');
  const mappingGutter = createGutter(mappingInput, $('mapping-gutter'));
  const body = $('request-body');
  const bodyGutter = createGutter(body, $('request-gutter'));
  let simulations = [];
  let timer;

  function save() {
    localStorage.setItem(KEY, mappingInput.value);
  }

  function setMapping(text) {
    mappingInput.value = text;
    save();
    mappingGutter.render();
    refresh();
  }

  function refresh() {
    const mappingText = mappingInput.value;
    const usersText = users.value;
    if (mappingText.trim() === '') {
      show([], 'Paste the Okta to Dialpad mapping, or start from Dialpad’s table, to see what Okta will send for the users in the editor.');
      return;
    }
    if (usersText.length > LIVE_LIMIT || mappingText.length > LIVE_LIMIT) {
      show([], 'The users or the mapping are too long to simulate as you type; use the command line: scim-preflight --mapping mapping.json users.ndjson');
      return;
    }
    const offices = getOffices();
    const result = simulate(usersText, mappingText, offices ? { offices } : undefined);
    show(Array.isArray(result) ? result : [result]);
  }

  function show(list, note) {
    simulations = list;
    const mappingFindings = list.flatMap((simulation) => simulation.diagnostics);
    const unique = distinct(mappingFindings);
    mappingGutter.mark(unique);
    renderFindings($('mapping-diagnostics'), unique, {
      select: (d) => selectRange(mappingInput, d.range, d.line),
      extra: (d) => (d.users > 1 ? [`For ${d.users} users.`] : []),
    });
    const errors = list.reduce((sum, s) => sum + (s.report?.counts.error ?? 0), 0) + unique.filter((d) => d.severity === 'error').length;
    $('simulation-summary').textContent = note ?? summaryLine(list, errors);
    $('simulation-summary').dataset.ok = String(note === undefined && errors === 0);
    renderUserChoice(list);
    renderTotals(list);
    renderUser();
  }

  function summaryLine(list, errors) {
    const simulated = list.filter((s) => s.request).length;
    const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;
    return `${plural(simulated, 'user')} through the mapping: ${plural(errors, 'error')} in the mapping and the requests Okta will send.`;
  }

  function renderUserChoice(list) {
    const select = $('simulation-user');
    const previous = select.value;
    select.replaceChildren(...list.map((simulation, index) => {
      const errors = (simulation.report?.counts.error ?? 0) + simulation.userDiagnostics.filter((d) => d.severity === 'error').length;
      const label = `#${simulation.record ?? 0} ${simulation.login ?? '(not simulated)'}${errors ? ` — ${errors} error${errors === 1 ? '' : 's'}` : ''}`;
      const option = element('option', null, label);
      option.value = String(index);
      return option;
    }));
    if (previous && Number(previous) < list.length) select.value = previous;
    $('simulation-user-box').hidden = list.length < 2;
  }

  /** For a batch: each attribute's values, how many users get each, the most common first. */
  function renderTotals(list) {
    const box = $('simulation-totals');
    box.hidden = list.length < 2;
    if (list.length < 2) return;
    const byAttribute = new Map();
    for (const simulation of list) {
      for (const [attribute, appValue] of Object.entries(simulation.appUser)) {
        const counts = byAttribute.get(attribute) ?? new Map();
        const shown = appValue.unknown ? '(unknown)' : appValue.value === null ? '(not set)' : JSON.stringify(appValue.value);
        counts.set(shown, (counts.get(shown) ?? 0) + 1);
        byAttribute.set(attribute, counts);
      }
    }
    const rows = [...byAttribute].map(([attribute, counts]) => {
      const sorted = [...counts].sort((a, b) => b[1] - a[1]);
      const values = sorted.slice(0, 5).map(([value, count]) => `${value} × ${count}`);
      if (sorted.length > 5) values.push(`${sorted.length - 5} other values`);
      const row = element('tr');
      row.append(element('th', null, attribute), element('td', 'values', values.join(', ')));
      row.firstChild.scope = 'row';
      return row;
    });
    $('totals-table').replaceChildren(...rows);
  }

  function renderUser() {
    const simulation = simulations[Number($('simulation-user').value) || 0];
    const table = $('app-user');
    if (!simulation) {
      table.replaceChildren();
      body.value = '';
      bodyGutter.mark([]);
      $('request-line').textContent = '';
      $('simulation-findings').replaceChildren();
      return;
    }
    table.replaceChildren(...Object.entries(simulation.appUser).map(([attribute, appValue]) => appUserRow(attribute, appValue)));
    const request = simulation.request;
    $('request-line').textContent = request ? `${request.method} ${request.path}` : 'This record is not simulated: see the findings about the user.';
    body.value = request ? JSON.stringify(request.body, null, 2) : '';
    bodyGutter.mark(simulation.report?.diagnostics ?? []);
    const userFindings = simulation.userDiagnostics;
    renderFindings($('simulation-findings'), [...(simulation.report?.diagnostics ?? []), ...userFindings], {
      select: (d) => (userFindings.includes(d) ? usersFound(d) : selectRange(body, d.range, d.line)),
      extra: (d) => (d.origin ? [`From ${d.origin.attribute} = ${d.origin.expression}`] : userFindings.includes(d) ? ['In the user, in the editor above.'] : []),
    });
  }

  function appUserRow(attribute, appValue) {
    const row = element('tr', appValue.unknown ? 'unknown' : appValue.sent ? '' : 'not-sent');
    const value = appValue.unknown ? 'unknown' : appValue.value === null ? 'not set' : JSON.stringify(appValue.value);
    const status = appValue.sent ? '' : appValue.unknown ? ' (not evaluated here)' : ' (not sent)';
    const name = element('th', null, attribute);
    name.scope = 'row';
    row.append(
      name,
      element('td', 'app-value', value + status),
      element('td', 'expression', appValue.expression ?? '(no expression)'),
      element('td', 'reads', appValue.reads.map((pointer) => pointer.split('/').pop()).join(', ')),
    );
    return row;
  }

  function schedule() {
    mappingGutter.render();
    clearTimeout(timer);
    timer = setTimeout(() => { save(); refresh(); }, 150);
  }

  mappingInput.addEventListener('input', schedule);
  addEventListener('pagehide', save);
  $('simulation-user').addEventListener('change', renderUser);
  $('mapping-default').addEventListener('click', () => setMapping(JSON.stringify(defaultMapping(), null, 2)));
  sampleMenu($('mapping-samples'), MAPPING_SAMPLES, (sample) => {
    if (sample.users) setUsers(sample.users);
    setMapping(sample.mapping);
  });
  $('open-mapping').addEventListener('change', async (event) => {
    const [file] = event.target.files;
    if (file) setMapping(await file.text());
    event.target.value = '';
  });
  mappingInput.value = localStorage.getItem(KEY) ?? '';
  mappingGutter.render();
  return { refresh };
}

const RANK = { error: 0, warning: 1, info: 2 };

/** Each finding about the mapping once (a batch repeats them per user), with how many users;
 * errors first, then warnings, then notes, each in the order of the text. */
function distinct(diagnostics) {
  const seen = new Map();
  for (const diagnostic of diagnostics) {
    const key = `${diagnostic.code} ${diagnostic.range} ${diagnostic.message}`;
    const found = seen.get(key);
    if (found) found.users += 1;
    else seen.set(key, { ...diagnostic, users: 1 });
  }
  return [...seen.values()].sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.range?.[0] ?? -1) - (b.range?.[0] ?? -1));
}
