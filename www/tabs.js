// Narrow screens (phones, tablets): the text and the findings become two tabs, so the findings
// are one tap away instead of below the whole editor. Wide screens show both side by side and
// have no tabs. The ARIA tabs pattern: arrow keys move between the tabs, Tab leaves them.
const NARROW = '(max-width: 900px)';

/** `tabs`: [{ tab, panel }, ...]; returns `show(index)`, which also works on wide screens (a no-op). */
export function createPaneTabs(tabList, tabs) {
  const narrow = window.matchMedia(NARROW);
  let selected = 0;
  // Each panel's own label (its heading) on wide screens; on narrow ones its tab labels it.
  const ownLabels = tabs.map(({ panel }) => panel.getAttribute('aria-labelledby'));

  function apply() {
    const on = narrow.matches;
    tabList.hidden = !on;
    if (on) tabList.setAttribute('role', 'tablist');
    else tabList.removeAttribute('role');
    tabs.forEach(({ tab, panel }, index) => {
      const active = index === selected;
      if (on) {
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-selected', String(active));
        tab.tabIndex = active ? 0 : -1;
        panel.setAttribute('role', 'tabpanel');
        panel.setAttribute('aria-labelledby', tab.id);
      } else {
        for (const name of ['role', 'aria-selected']) tab.removeAttribute(name);
        panel.removeAttribute('role');
        if (ownLabels[index]) panel.setAttribute('aria-labelledby', ownLabels[index]);
        else panel.removeAttribute('aria-labelledby');
      }
      panel.hidden = on && !active;
    });
  }

  function show(index, focus = false) {
    selected = index;
    apply();
    if (focus) tabs[index].tab.focus();
  }

  tabs.forEach(({ tab }, index) => {
    tab.addEventListener('click', () => show(index));
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      show((index + step + tabs.length) % tabs.length, true);
    });
  });
  narrow.addEventListener('change', () => {
    // Turning narrow shows the pane that holds the focus, so it is not hidden under it.
    const holding = tabs.findIndex(({ panel }) => panel.contains(document.activeElement));
    if (narrow.matches && holding >= 0) selected = holding;
    apply();
  });
  apply();
  return { show, isNarrow: () => narrow.matches };
}
