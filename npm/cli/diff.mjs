// A unified diff of two texts, line by line, for --fix-dry-run: the fixes are few, so Myers'
// O((N+M)D) shortest edit script is quick even on a large file. The package has no
// dependencies, so it is written here.
const CONTEXT = 3;

/** The texts' lines, each with its line ending, so a changed ending is a changed line. */
const linesOf = (text) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** The edit script as [kind, oldIndex, newIndex] steps: ' ' kept, '-' removed, '+' added. */
function editScript(a, b) {
  const max = a.length + b.length;
  const v = new Int32Array(2 * max + 2);
  const trace = [];
  for (let d = 0; d <= max; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) { x += 1; y += 1; }
      v[max + k] = x;
      if (x >= a.length && y >= b.length) return backtrack(trace, a, b, max, d);
    }
  }
  return [];
}

function backtrack(trace, a, b, max, depth) {
  const steps = [];
  let x = a.length;
  let y = b.length;
  for (let d = depth; d > 0; d -= 1) {
    const v = trace[d];
    const k = x - y;
    const previousK = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]) ? k + 1 : k - 1;
    const previousX = v[max + previousK];
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) steps.push([' ', (x -= 1), (y -= 1)]);
    if (x === previousX) steps.push(['+', x, (y -= 1)]);
    else steps.push(['-', (x -= 1), y]);
  }
  while (x > 0 && y > 0) steps.push([' ', (x -= 1), (y -= 1)]);
  return steps.reverse();
}

/** `--- a/name` `+++ b/name` and hunks with three lines of context; '' when equal. */
export function unifiedDiff(before, after, name) {
  if (before === after) return '';
  const a = linesOf(before);
  const b = linesOf(after);
  const steps = editScript(a, b);
  const out = [`--- a/${name}\n`, `+++ b/${name}\n`];
  for (const hunk of hunks(steps)) {
    const first = hunk[0];
    const oldCount = hunk.filter(([kind]) => kind !== '+').length;
    const newCount = hunk.filter(([kind]) => kind !== '-').length;
    out.push(`@@ -${range(first[1], oldCount)} +${range(first[2], newCount)} @@\n`);
    for (const [kind, x, y] of hunk) {
      const line = kind === '+' ? b[y] : a[x];
      out.push(`${kind}${line}${line.endsWith('\n') ? '' : '\n\\ No newline at end of file\n'}`);
    }
  }
  return out.join('');
}

/** Line numbers as unified diffs write them: 1-based, and 0 before an empty range. */
const range = (start, count) => `${count === 0 ? start : start + 1}${count === 1 ? '' : `,${count}`}`;

/** Changes with up to CONTEXT kept lines around them, merged when their contexts touch. */
function hunks(steps) {
  const changed = steps.map(([kind], index) => (kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  const groups = [];
  for (const index of changed) {
    const last = groups[groups.length - 1];
    if (last && index - last.end <= 2 * CONTEXT) last.end = index;
    else groups.push({ start: index, end: index });
  }
  return groups.map(({ start, end }) => steps.slice(Math.max(0, start - CONTEXT), Math.min(steps.length, end + CONTEXT + 1)));
}
