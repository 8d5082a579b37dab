// Runs the README's JavaScript examples against the built package: every `EXPR; // => VALUE`
// line is checked with assert.deepStrictEqual, so the README cannot drift from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require(new URL('../../pkg-node/scim_preflight.js', import.meta.url).pathname);
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);

function toChecks(code) {
  return code.replace(/^(.*?);\s*\/\/ => (.*)$/gm, (_, expression, expected) => `assert.deepStrictEqual(${expression}, ${expected}, ${JSON.stringify(expression)});`);
}

test('the README has examples with checked results', () => {
  assert.ok(blocks.length >= 3);
  assert.ok(blocks.join('\n').split('// =>').length > 10);
});

test('the README examples run as written', () => {
  const source = toChecks(blocks.join('\n'));
  const run = new Function('require', 'assert', source);
  run((name) => (name === 'scim-preflight' ? pkg : require(name)), assert);
});
