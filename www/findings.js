// A list of findings as buttons: severity, code, where, message, hint and suggestion, each
// inserted as text. Clicking one selects what it is about in its text area, when it has a place there.
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Fills `list` with a button per diagnostic. `select(diagnostic)` is called on a click when the
 * diagnostic has a range; without `select` (or a range) the button is disabled. `extra(diagnostic)`
 * may give more lines of text to show.
 */
export function renderFindings(list, diagnostics, { select, extra } = {}) {
  list.replaceChildren(...diagnostics.map((diagnostic) => {
    const item = element('li', `diagnostic ${diagnostic.severity}`);
    const button = element('button', 'diagnostic-button');
    button.type = 'button';
    const where = diagnostic.line ? `${diagnostic.line}:${diagnostic.column}` : diagnostic.path || '(input)';
    button.append(
      element('span', 'badge', diagnostic.severity),
      element('code', 'code', diagnostic.code),
      element('span', 'where', where),
      element('span', 'message', diagnostic.message),
    );
    if (diagnostic.hint) button.append(element('span', 'hint', diagnostic.hint));
    if (diagnostic.suggestion !== undefined) button.append(element('span', 'suggestion', `Suggested: ${JSON.stringify(diagnostic.suggestion)}`));
    for (const line of extra?.(diagnostic) ?? []) button.append(element('span', 'hint', line));
    if (diagnostic.range && select) button.addEventListener('click', () => select(diagnostic));
    else button.disabled = true;
    item.append(button);
    return item;
  }));
}
