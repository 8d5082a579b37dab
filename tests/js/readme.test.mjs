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

// An async function, so an example may `await` (checkStream) as a module's top level can.
const AsyncFunction = (async () => {}).constructor;

async function runBlocks(code) {
  const run = new AsyncFunction('require', 'assert', toChecks(code));
  await run((name) => (name === 'scim-preflight' ? pkg : require(name)), assert);
}

test('the README examples run as written', async () => {
  // One scope, as a reader follows them: a later block uses what an earlier one defined.
  await runBlocks(blocks.join('\n'));
});

test("the npm package README's Node examples run as written", async () => {
  const npmBlocks = jsBlocks('../../npm/README.md');
  assert.ok(npmBlocks.length >= 2);
  for (const block of npmBlocks) await runBlocks(block);
});
