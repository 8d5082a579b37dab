// The text area's gutter: line numbers with a marker beside each line that has a diagnostic.
import { SEVERITY_RANK as RANK } from './findings.js';

export function createGutter(textarea, gutter) {
  let lastCount = 0;
  let marks = new Map();

  function render() {
    const count = textarea.value.split('\n').length;
    if (count !== lastCount) {
      const lines = [];
      for (let line = 1; line <= count; line += 1) {
        const div = document.createElement('div');
        div.textContent = String(line);
        lines.push(div);
      }
      gutter.replaceChildren(...lines);
      lastCount = count;
    }
    gutter.querySelectorAll('[data-severity]').forEach((div) => { div.removeAttribute('data-severity'); div.removeAttribute('title'); });
    for (const [line, { severity, codes }] of marks) {
      const div = gutter.children[line - 1];
      if (div) { div.dataset.severity = severity; div.title = codes.join(', '); }
    }
    gutter.scrollTop = textarea.scrollTop;
  }

  textarea.addEventListener('scroll', () => { gutter.scrollTop = textarea.scrollTop; });
  return {
    render,
    /** Marks each line that has diagnostics with the most severe of them. */
    mark(diagnostics) {
      marks = new Map();
      for (const diagnostic of diagnostics) {
        if (!diagnostic.line) continue;
        const current = marks.get(diagnostic.line);
        if (!current) marks.set(diagnostic.line, { severity: diagnostic.severity, codes: [diagnostic.code] });
        else {
          current.codes.push(diagnostic.code);
          if (RANK[diagnostic.severity] < RANK[current.severity]) current.severity = diagnostic.severity;
        }
      }
      render();
    },
  };
}

/** Selects [start, end) (UTF-16 offsets) in the text area and scrolls the line into view. */
export function selectRange(textarea, [start, end], line) {
  textarea.focus();
  textarea.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
  textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
}
