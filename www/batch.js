// Batches: a file opened or dropped is checked in a Web Worker, with progress and cancel,
// then summarised: records table (filterable), per-office capacity, CSV and JSON downloads.
const MAX_TABLE_ROWS = 500;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A spreadsheet runs a cell that starts with = + - @ (or a tab or return) as a formula. */
export function csvCell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(records, diagnostics) {
  const byRecord = new Map(records.map((row) => [row.record, row]));
  const header = ['record', 'line', 'column', 'severity', 'code', 'login', 'path', 'message', 'hint', 'suggestion'];
  const lines = [header.join(',')];
  for (const d of diagnostics) {
    const row = byRecord.get(d.record);
    const suggestion = d.suggestion === undefined ? '' : typeof d.suggestion === 'string' ? d.suggestion : JSON.stringify(d.suggestion);
    lines.push([d.record ?? '', d.line ?? '', d.column ?? '', d.severity, d.code, row?.login ?? '', d.path, d.message, d.hint ?? '', suggestion].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function createBatchView({ getOffices, elements: $ }) {
  let worker = null;
  let state = null;
  let lastRun = null;

  function reset(name) {
    state = { name, records: [], diagnostics: [], summary: null };
    $.results.hidden = true;
    $.progress.value = 0;
    $.progressBox.hidden = false;
    $.status.textContent = `Checking ${name}…`;
  }

  /** Checks `source`, `{ file }` (streamed from disk when NDJSON) or `{ text }`. */
  function start(name, source) {
    cancel(false);
    reset(name);
    lastRun = { name, source };
    $.retry.hidden = true;
    worker = new Worker(new URL('./batch-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      if (data.type === 'chunk') {
        state.records.push(...data.chunk.records);
        for (const diagnostic of data.chunk.diagnostics) state.diagnostics.push(diagnostic);
        $.progress.value = data.done / data.total;
        $.status.textContent = `Checking ${name}: ${state.records.length.toLocaleString()} records so far…`;
      } else if (data.type === 'done') {
        state.summary = data.summary;
        state.diagnostics.push(...data.summary.diagnostics);
        finish();
      } else {
        fail(data.message);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(event.message || 'the background checker stopped unexpectedly');
    };
    worker.postMessage({ ...source, offices: getOffices() });
  }

  function stopWorker() {
    worker?.terminate();
    worker = null;
    $.progressBox.hidden = true;
  }

  function cancel(announce = true) {
    if (!worker) return;
    stopWorker();
    if (announce) $.status.textContent = `Cancelled: ${state.records.length.toLocaleString()} records of ${state.name} were checked.`;
  }

  /** The worker crashed or could not start: say so, keep everything, offer to run it again. */
  function fail(message) {
    stopWorker();
    $.status.textContent = `Could not check ${state.name}: ${message}. Your text and offices are kept; you can try again.`;
    $.retry.hidden = false;
  }

  function finish() {
    stopWorker();
    const { summary } = state;
    $.status.textContent = `Checked ${summary.records.toLocaleString()} records of ${state.name}.`;
    $.summary.replaceChildren(
      ...[['Records', summary.records], ['With errors', summary.withErrors], ['With warnings', summary.withWarnings], ['Errors', summary.counts.error], ['Warnings', summary.counts.warning]]
        .flatMap(([label, value]) => [element('dt', null, label), element('dd', null, value.toLocaleString())]),
    );
    const codes = [...new Set(state.diagnostics.map((d) => d.code))].sort();
    $.codeFilter.replaceChildren(element('option', null, 'any code'), ...codes.map((code) => element('option', null, code)));
    $.codeFilter.options[0].value = '';
    renderNotes(state.diagnostics.filter((d) => d.record === undefined));
    renderCapacity(summary);
    renderTable();
    $.results.hidden = false;
  }

  /** What the core says of the file as a whole: too large, not JSON, several domains, capacity. */
  function renderNotes(notes) {
    $.notes.replaceChildren(...notes.map((note) => {
      const item = element('li', `note-item ${note.severity}`);
      item.append(element('span', 'badge', note.severity), element('span', 'message', note.message));
      if (note.hint) item.append(element('span', 'hint', note.hint));
      return item;
    }));
    $.notes.hidden = notes.length === 0;
  }

  function renderCapacity(summary) {
    const rows = summary.capacity.map((row) => {
      const tr = element('tr');
      const number = summary.numbers.find((n) => n.office === row.office);
      tr.append(
        element('td', null, row.office), element('td', null, row.license ?? 'account default'), element('td', 'num', row.users),
        element('td', 'num', row.available ?? '—'), element('td', row.beyond > 0 ? 'num short' : 'num', row.beyond),
        element('td', 'num', number ? `${number.users} / ${number.pool ?? '—'}${number.beyond > 0 ? ` (${number.beyond} from area code)` : ''}` : '—'),
      );
      return tr;
    });
    $.capacity.replaceChildren(...rows);
    $.capacityNote.textContent = rows.length === 0 ? 'No user was placed in a known office: add your offices above to see capacity.' : '';
  }

  function matchingRecords() {
    const severity = $.severityFilter.value;
    const code = $.codeFilter.value;
    const withCode = code ? new Set(state.diagnostics.filter((d) => d.code === code).map((d) => d.record)) : null;
    return state.records.filter((row) => (severity === 'error' ? row.counts.error > 0 : severity === 'warning' ? row.counts.warning > 0 : true) && (!withCode || withCode.has(row.record)));
  }

  function renderTable() {
    const rows = matchingRecords();
    $.tableNote.textContent = rows.length > MAX_TABLE_ROWS ? `Showing the first ${MAX_TABLE_ROWS} of ${rows.length.toLocaleString()} matching records; the downloads hold them all.` : `${rows.length.toLocaleString()} matching records.`;
    $.table.replaceChildren(...rows.slice(0, MAX_TABLE_ROWS).map((row) => {
      const tr = element('tr', row.counts.error > 0 ? 'has-error' : row.counts.warning > 0 ? 'has-warning' : '');
      tr.append(
        element('td', 'num', row.record), element('td', 'num', row.line), element('td', null, row.login ?? '—'), element('td', null, row.name ?? '—'),
        element('td', null, row.office ?? '—'), element('td', null, row.license ?? 'default'),
        element('td', 'num', row.counts.error), element('td', 'num', row.counts.warning), element('td', 'num', row.counts.info),
      );
      return tr;
    }));
  }

  function download(name, type, content) {
    const link = element('a');
    link.href = URL.createObjectURL(new Blob([content], { type }));
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  const base = () => state.name.replace(/\.[^.]*$/, '');
  $.severityFilter.addEventListener('change', renderTable);
  $.codeFilter.addEventListener('change', renderTable);
  $.cancel.addEventListener('click', () => cancel());
  $.retry.addEventListener('click', () => lastRun && start(lastRun.name, lastRun.source));
  $.downloadCsv.addEventListener('click', () => download(`${base()}-report.csv`, 'text/csv', reportCsv(state.records, state.diagnostics)));
  $.downloadJson.addEventListener('click', () => download(`${base()}-report.json`, 'application/json', JSON.stringify({ file: state.name, summary: state.summary, records: state.records, diagnostics: state.diagnostics }, null, 1)));
  return { start, cancel };
}
