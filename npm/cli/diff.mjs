// A unified diff of two texts, line by line, for --fix-dry-run. Fixes replace values in place,
// so the two texts nearly always have as many lines, and then the lines are paired one to one;
// otherwise Myers' shortest edit script, in O((N+M)D) time, keeping for each step only the
// diagonals it reached (O(D²) memory: the fixes are few). The package has no dependencies, so
// it is written here.
const CONTEXT = 3;
/** Beyond this many line edits the shortest script costs too much memory: one block instead. */
const MAX_EDITS = 2000;

/** The texts' lines, each with its line ending, so a changed ending is a changed line. */
const linesOf = (text) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** The edit script as [kind, oldIndex, newIndex] steps: ' ' kept, '-' removed, '+' added. */
function editScript(a, b) {
  if (a.length === b.length) return pairedScript(a, b);
  const max = a.length + b.length;
  const v = new Int32Array(2 * max + 2);
  const trace = [];
  for (let d = 0; d <= max; d += 1) {
    if (d > MAX_EDITS) return blockScript(a, b);
    // The diagonals -d..d are all step d can read; the rest of v is not kept.
    trace.push(v.slice(max - d, max + d + 1));
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

/** The lines both texts begin and end with kept, everything between removed and added. */
function blockScript(a, b) {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const steps = [];
  for (let i = 0; i < head; i += 1) steps.push([' ', i, i]);
  for (let i = head; i < a.length - tail; i += 1) steps.push(['-', i, head]);
  for (let j = head; j < b.length - tail; j += 1) steps.push(['+', a.length - tail, j]);
  for (let i = 0; i < tail; i += 1) steps.push([' ', a.length - tail + i, b.length - tail + i]);
  return steps;
}

/** Lines paired one to one: each line kept, or removed and added in its place. */
function pairedScript(a, b) {
  const steps = [];
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] === b[i]) steps.push([' ', i, i]);
    else steps.push(['-', i, i]);
  }
  // The added lines after their removed ones, as diff prints a changed run.
  const out = [];
  for (let i = 0; i < steps.length;) {
    if (steps[i][0] === ' ') { out.push(steps[i]); i += 1; continue; }
    let end = i;
    while (end < steps.length && steps[end][0] === '-') end += 1;
    for (let j = i; j < end; j += 1) out.push(steps[j]);
    for (let j = i; j < end; j += 1) out.push(['+', steps[j][1], steps[j][2]]);
    i = end;
  }
  return out;
}

function backtrack(trace, a, b, max, depth) {
  const steps = [];
  let x = a.length;
  let y = b.length;
  for (let d = depth; d > 0; d -= 1) {
    // trace[d] holds diagonals -d..d of the state before step d: diagonal k is at k + d.
    const v = trace[d];
    const at = (diagonal) => v[diagonal + d];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
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
