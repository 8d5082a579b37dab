// A first, minimal page over the wasm package: paste, see the findings. Input text is only
// ever inserted with textContent, never as HTML.
import init, { validate } from './pkg/scim_preflight.js';

const input = document.getElementById('input');
const summary = document.getElementById('summary');
const list = document.getElementById('diagnostics');

const SAMPLE = JSON.stringify({
  profile: { login: 'ana.silva@example.com', firstName: 'Ana', lastName: 'Silva', countryCode: 'Brazil', preferredLanguage: 'Portuguese', licenseType: 'Dialpad_Support (Contact Center)' },
}, null, 2);

function render(report) {
  const { error, warning, info } = report.counts;
  summary.textContent = `${report.kind}: ${error} errors, ${warning} warnings, ${info} notes`;
  list.replaceChildren(...report.diagnostics.map((diagnostic) => {
    const item = document.createElement('li');
    item.className = diagnostic.severity;
    const where = diagnostic.line ? `${diagnostic.line}:${diagnostic.column} ` : '';
    const head = document.createElement('strong');
    head.textContent = `${where}${diagnostic.severity}[${diagnostic.code}]`;
    const message = document.createElement('span');
    message.textContent = ` ${diagnostic.message}`;
    item.append(head, message);
    if (diagnostic.hint) {
      const hint = document.createElement('div');
      hint.className = 'hint';
      hint.textContent = diagnostic.hint;
      item.append(hint);
    }
    return item;
  }));
}

let timer;
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => render(validate(input.value)), 150);
}

await init();
input.value = SAMPLE;
input.addEventListener('input', schedule);
render(validate(input.value));
