// The built Node package as a JavaScript user meets it: its TypeScript declarations and
// its exports called with plain JS values. Run by `make test` after `wasm-pack build --target nodejs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkgDir = new URL('../../pkg-node/', import.meta.url);
const scim = require(new URL('scim_preflight.js', pkgDir).pathname);
const dts = readFileSync(new URL('scim_preflight.d.ts', pkgDir), 'utf8');
const rfcUser = readFileSync(new URL('../fixtures/rfc7643-8.3-user.json', import.meta.url), 'utf8');

test('declarations type the three exports with the contract interfaces, no any', () => {
  assert.match(dts, /export function validate\(input: string \| object, options\?: Options\): Report;/);
  assert.match(dts, /export function mapAttributes\(input: string \| object, options\?: Options\): Mapping \| Mapping\[\];/);
  assert.match(dts, /export function resolveOffice\(input: string \| object, offices: Office\[\], options\?: Options\): OfficeResolution \| OfficeResolution\[\];/);
  for (const name of ['Diagnostic', 'Report', 'Office', 'MappedField', 'Mapping', 'OfficeResolution', 'TraceStep', 'NumberAssignment']) {
    assert.match(dts, new RegExp(`export interface ${name} \\{`), name);
  }
  assert.match(dts, /export type Severity = "error" \| "warning" \| "info";/);
  assert.match(dts, /decidedBy: DecidedBy;/);
  assert.doesNotMatch(dts, /: any\b/);
});

test('every field the declarations promise is in the objects the exports return', () => {
  const report = scim.validate(rfcUser);
  assert.deepEqual(Object.keys(report).sort(), ['counts', 'diagnostics', 'kind', 'ok']);
  const diagnostic = report.diagnostics.find((d) => d.suggestion !== undefined);
  for (const key of ['code', 'severity', 'message', 'path', 'line', 'column', 'hint', 'suggestion']) {
    assert.ok(key in diagnostic, key);
  }
  const mapping = scim.mapAttributes(rfcUser);
  assert.deepEqual(Object.keys(mapping.fields).sort(), ['country', 'email', 'jobTitle', 'language', 'license', 'name', 'office']);
  const resolution = scim.resolveOffice(rfcUser, [{ name: 'Tour Operations', country: 'US' }]);
  assert.deepEqual(Object.keys(resolution).sort(), ['decidedBy', 'diagnostics', 'number', 'office', 'trace']);
  assert.equal(resolution.decidedBy, 'department');
});

test('a parsed object and its text agree on everything but positions', () => {
  const strip = (report) => report.diagnostics.map(({ line, column, range, ...rest }) => rest);
  assert.deepEqual(strip(scim.validate(JSON.parse(rfcUser))), strip(scim.validate(rfcUser)));
});

test('misuse throws an Error', () => {
  assert.throws(() => scim.resolveOffice(rfcUser, 'HQ'), { name: 'Error', message: /offices must be an array/ });
  assert.throws(() => scim.validate(undefined), { name: 'Error', message: /input must be the pasted text/ });
  assert.throws(() => scim.validate('{}', { kind: 'nope' }), /options\.kind must be one of/);
});
