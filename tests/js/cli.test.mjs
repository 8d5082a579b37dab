// The command line's own JavaScript (npm/cli/), without the wasm: globs and directories, the
// unified diff of --fix-dry-run (applied back to the text), the closest code, and escaping in
// the GitHub and JUnit formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandInputs, expandBraces, globToRegExp } from '../../npm/cli/inputs.mjs';
import { unifiedDiff } from '../../npm/cli/diff.mjs';
import { closest, resolvePolicy, fails } from '../../npm/cli/config.mjs';
import { createReporter, githubLine } from '../../npm/cli/reporters.mjs';

test('globs: wildcards, **, classes and nested braces', () => {
  const cases = [
    ['**/*.json', 'a/b/c.json', true], ['**/*.json', 'c.json', true], ['*.json', 'a/c.json', false],
    ['x?.csv', 'x1.csv', true], ['[ab].json', 'a.json', true], ['[!ab].json', 'a.json', false], ['a.json', 'abjson', false],
  ];
  for (const [glob, path, matches] of cases) assert.equal(globToRegExp(glob).test(path), matches, `${glob} ${path}`);
  assert.deepEqual(expandBraces('x/{a,{b,c}}.json'), ['x/a.json', 'x/b.json', 'x/c.json']);
  assert.deepEqual(expandBraces('a{b'), ['a{b']);
});

test('inputs: directories, globs, each file once, dot names passed over, errors per argument', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'scim-preflight-inputs-'));
  for (const file of ['data/a.json', 'data/b.ndjson', 'data/notes.md', 'data/.hidden.json', 'data/2024-01/c.csv', 'data/package.json', 'data/node_modules/x.json', 'data/.git/y.json']) {
    mkdirSync(join(cwd, file, '..'), { recursive: true });
    writeFileSync(join(cwd, file), '{}');
  }
  assert.deepEqual(expandInputs(['data'], cwd), { paths: ['data/2024-01/c.csv', 'data/a.json', 'data/b.ndjson'], errors: [] });
  assert.deepEqual(expandInputs(['data/*'], cwd).paths, ['data/2024-01/c.csv', 'data/a.json', 'data/b.ndjson'], 'a directory a glob matches is searched; notes.md is no input');
  assert.deepEqual(expandInputs(['data/2024-*'], cwd).paths, ['data/2024-01/c.csv']);
  assert.deepEqual(expandInputs(['data/.*.json'], cwd).paths, ['data/.hidden.json'], 'a dot in the pattern names dot files');
  assert.deepEqual(expandInputs(['data', './data/a.json', `${cwd}/data/a.json`, '-'], cwd).paths, ['data/2024-01/c.csv', 'data/a.json', 'data/b.ndjson', '-']);
  assert.deepEqual(expandInputs(['data/*.yaml', 'data/a.json'], cwd), { paths: ['data/a.json'], errors: ['no file matches data/*.yaml'] });
});

/** Applies a unified diff to `text`, as patch(1) would; fails on a context line that differs. */
function applyDiff(text, diff) {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const out = [];
  let at = 0;
  const diffLines = diff.split('\n').slice(2);
  for (let i = 0; i < diffLines.length; i += 1) {
    const hunk = diffLines[i].match(/^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/);
    if (!hunk) continue;
    const start = Number(hunk[2] === '0' ? hunk[1] : hunk[1] - 1);
    while (at < start) out.push(lines[at++]);
    for (i += 1; i < diffLines.length && !diffLines[i].startsWith('@@'); i += 1) {
      const [kind, body] = [diffLines[i][0], diffLines[i].slice(1)];
      const noNewline = diffLines[i + 1] === '\\ No newline at end of file';
      const line = noNewline ? body : `${body}\n`;
      if (kind === ' ' || kind === '-') assert.equal(lines[at++], line, 'context and removed lines are the text\'s');
      if (kind === ' ' || kind === '+') out.push(line);
      if (noNewline) i += 1;
    }
    i -= 1;
  }
  while (at < lines.length) out.push(lines[at++]);
  return out.join('');
}

test('the unified diff applies back to give the fixed text, for changed, added and removed lines', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 300; round += 1) {
    const before = Array.from({ length: Math.floor(random() * 25) }, () => `line ${Math.floor(random() * 5)}`);
    const after = before.filter(() => random() > 0.15).map((line) => (random() > 0.85 ? `${line} fixed` : line));
    if (random() > 0.5) after.splice(Math.floor(random() * (after.length + 1)), 0, 'added');
    const ending = random() > 0.3 ? '\n' : '';
    const [a, b] = [before.join('\n') + (before.length ? ending : ''), after.join('\n') + (after.length ? '\n' : '')];
    const diff = unifiedDiff(a, b, 'f.json');
    if (a === b) assert.equal(diff, '');
    else assert.equal(applyDiff(a, diff), b, JSON.stringify({ a, b, diff }));
  }
  assert.equal(unifiedDiff('{"a": "USA"}\n', '{"a": "US"}\n', 'x.json'), '--- a/x.json\n+++ b/x.json\n@@ -1 +1 @@\n-{"a": "USA"}\n+{"a": "US"}\n');
});

test('policy: closest code, --fail-on levels', () => {
  assert.equal(closest('country.not_alpa2', ['country.not_alpha2', 'country.invalid', 'language.invalid']), 'country.not_alpha2');
  const policy = resolvePolicy({ ignore: ['attribute.'], failOn: 'warning', quiet: false }, null, ['attribute.unmapped', 'license.default']);
  assert.equal(fails(policy, { error: 0, warning: 1, info: 0 }), true);
  assert.equal(fails(policy, { error: 0, warning: 0, info: 5 }), false);
  assert.throws(() => resolvePolicy({ ignore: ['licence.'], quiet: false }, null, ['license.default']), /"licence\." is not a rule code; did you mean "license\."\?/);
});

test('GitHub and JUnit output escape what would break them', () => {
  const d = { code: 'x.y', severity: 'warning', message: 'a: 50%, b\nc', line: 2, column: 3, hint: 'h' };
  assert.equal(githubLine({ d, file: 'dir,1/a:b.json', end: { line: 2, column: 9 } }), '::warning file=dir%2C1/a%3Ab.json,line=2,col=3,endLine=2,endColumn=9,title=x.y::a: 50%25, b%0Ac%0Ah\n');
  const junit = createReporter('junit', {});
  junit.finding({ d: { ...d, severity: 'error', message: 'line one\nline "two" <&>' }, file: 'f.json', record: 0 });
  junit.input({ name: 'f.json', rows: [{ record: 0, login: 'a@b.co', line: 1 }] });
  const xml = junit.end();
  assert.match(xml, /message="line one&#10;line &quot;two&quot; &lt;&amp;&gt;"/);
  assert.match(xml, /<testcase classname="f\.json" name="record 0 \(a@b\.co\), line 1">/);
});
