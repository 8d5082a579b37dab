// Runs the README's JavaScript examples against the built package: every `EXPR; // => VALUE`
// line is checked with assert.deepStrictEqual, so the README cannot drift from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require(new URL('../../pkg-node/scim_preflight.js', import.meta.url).pathname);
// Blocks marked `js` run in Node; `javascript` blocks (browser code) are only shown.
const jsBlocks = (path) => [...readFileSync(new URL(path, import.meta.url), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
const blocks = jsBlocks('../../README.md');

function toChecks(code) {
  return code.replace(/^(.*?);\s*\/\/ => (.*)$/gm, (_, expression, expected) => `assert.deepStrictEqual(${expression}, ${expected}, ${JSON.stringify(expression)});`);
}

test('the README has examples with checked results', () => {
  assert.ok(blocks.length >= 3);
  assert.ok(blocks.join('\n').split('// =>').length > 10);
});

function runBlocks(code) {
  const run = new Function('require', 'assert', toChecks(code));
  run((name) => (name === 'scim-preflight' ? pkg : require(name)), assert);
}

test('the README examples run as written', () => {
  runBlocks(blocks.join('\n'));
});

test("the npm package README's Node example runs as written", () => {
  const npmBlocks = jsBlocks('../../npm/README.md');
  assert.equal(npmBlocks.length, 1);
  runBlocks(npmBlocks[0]);
});
