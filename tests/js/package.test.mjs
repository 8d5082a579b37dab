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

// A batch's simulations are built when first read (src/simulations.js): they must still be
// plain data to every way a script reads, copies or sends an object.
test('simulations of a batch, built when read, behave as plain data', () => {
  const users = JSON.stringify([
    { profile: { login: 'ana@example.com', firstName: 'Ana', lastName: 'Silva', email: 'ana@example.com', department: 'Support' } },
    { profile: { login: 'bo@example.com', firstName: 'Bo', lastName: 'Li', email: 'bo@example.com', department: 'Sales' } },
    { profile: { login: 'cy@example.com', firstName: 'Cy', lastName: 'Ng', email: 'cy@example.com', department: 'Support' } },
  ]);
  const mapping = { ...scim.defaultMapping() };
  mapping.properties = { ...mapping.properties, licenseType: { expression: "user.department == 'Support' ? 'Support' : 'dialpad_talk'", pushStatus: 'PUSH' } };
  const fresh = () => scim.simulate(users, JSON.stringify(mapping));
  const keys = ['record', 'login', 'appUser', 'request', 'report', 'diagnostics', 'userDiagnostics'];

  // Written out whole, before and after reading: the same text, every member in order.
  const unread = fresh();
  const whole = JSON.stringify(unread);
  assert.deepEqual(Object.keys(unread[1]), keys);
  assert.equal(unread[0].login, 'ana@example.com');
  assert.equal(unread[1].appUser.licenseType.value, 'dialpad_talk');
  assert.equal(JSON.stringify(unread), whole);

  // Each way of copying sees the data, not the accessors.
  const copies = fresh();
  const expected = JSON.parse(whole);
  assert.deepEqual(structuredClone(copies[0]), expected[0]);
  assert.deepEqual({ ...copies[1] }, expected[1]);
  assert.deepEqual(Object.entries(copies[2]).map(([key]) => key), keys);
  assert.equal(copies[0].report.ok, false, 'a license of "Support" is an error');
  assert.ok(copies[0].report.diagnostics.some((d) => d.code === 'license.not_value' && d.origin.attribute === 'licenseType'));
  assert.equal(copies[1].report.ok, true);

  // Writing a member keeps the value written, and the rest of the simulation.
  const written = fresh();
  written[2].report = 'replaced';
  assert.equal(written[2].report, 'replaced');
  assert.equal(written[2].request.method, 'POST');
  assert.deepEqual(written[2].appUser, expected[2].appUser);
  written[1].diagnostics.push('mine');
  assert.equal(written[1].diagnostics.at(-1), 'mine', 'a member read twice is the same object');

  // Through a Proxy that passes its own receiver (as a framework's reactive wrapper does), and
  // on an object that inherits from a simulation, the members are read and written as data.
  const wrapped = fresh();
  const proxy = new Proxy(wrapped[0], { get: (target, key, receiver) => Reflect.get(target, key, receiver), set: (target, key, value, receiver) => Reflect.set(target, key, value, receiver) });
  assert.equal(proxy.request.method, 'POST');
  assert.deepEqual(proxy.appUser, expected[0].appUser);
  proxy.report = 'through the proxy';
  assert.equal(wrapped[0].report, 'through the proxy');
  assert.deepEqual(Object.create(wrapped[2]).appUser, expected[2].appUser);
});
