// The Mappings area in Debian's Chromium: the users in the editor through the admin's Okta
// mapping, compared with the Node build of the same core.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MAPPING_SAMPLES } from '../../www/samples.js';
import { EXAMPLE_OFFICES } from '../../www/offices.js';
import { pagesForThisFile } from './harness.mjs';

const require = createRequire(import.meta.url);
const core = require(new URL('../../pkg-node/scim_preflight.js', import.meta.url).pathname);
const OUTPUT = new URL('../../test-output/', import.meta.url);
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const openPage = pagesForThisFile();
before(() => mkdirSync(OUTPUT, { recursive: true }));
const SUPPORT_USER = JSON.stringify({ id: '00u1ana', profile: { login: 'ana.silva@example.com', email: 'ana.silva@example.com', firstName: 'Ana', lastName: 'Silva', department: 'Support' } }, null, 2);
const LICENSE = 'user.department == "Support" ? "Dialpad_Support (Contact Center)" : "dialpad_talk"';

function supportMapping() {
  const mapping = core.defaultMapping();
  mapping.properties.licenseType = { expression: LICENSE, pushStatus: 'PUSH' };
  return JSON.stringify(mapping, null, 2);
}


test('the license mistake of a mapping is shown at its expression, with the fix, and the body holds the value', async (t) => {
  const page = await openPage(t);
  const mapping = supportMapping();
  await page.fill('#input', SUPPORT_USER);
  await page.fill('#mapping-input', mapping);
  // The mapping is simulated twice: by the users' debounced check (120 ms) and by the mapping's
  // own (150 ms, which saves it first). Wait for the second, so the findings are not drawn
  // again between the mouse going down and up on one, which loses the click.
  await page.waitForFunction((text) => localStorage.getItem('scim-preflight.mapping') === text, mapping);
  await page.waitForFunction(() => document.getElementById('mapping-diagnostics').textContent.includes('license.not_value'));
  const expected = core.simulate(SUPPORT_USER, mapping, { offices: EXAMPLE_OFFICES }).diagnostics.find((d) => d.code === 'license.not_value');
  const item = page.locator('#mapping-diagnostics li', { hasText: 'license.not_value' });
  assert.equal(await item.locator('.where').textContent(), `${expected.line}:${expected.column}`);
  assert.match(await item.textContent(), /Suggested: "user\.department == \\"Support\\" \? \\"dialpad_support\\" : \\"dialpad_talk\\""/);
  // The mapping's findings come errors first.
  assert.equal(await page.locator('#mapping-diagnostics li .badge').first().textContent(), 'error');
  await item.locator('button').click();
  const selected = await page.$eval('#mapping-input', (area) => area.value.slice(area.selectionStart, area.selectionEnd));
  assert.equal(selected, '\\"Dialpad_Support (Contact Center)\\"');
  const marked = await page.$eval('#mapping-gutter', (gutter, line) => gutter.children[line - 1].dataset.severity, expected.line);
  assert.equal(marked, 'error');
  const body = JSON.parse(await page.inputValue('#request-body'));
  assert.equal(body[ENTERPRISE].licenseType, 'Dialpad_Support (Contact Center)');
  assert.equal(await page.textContent('#request-line'), 'POST /Users');
  const licenseRow = page.locator('#app-user tr', { hasText: 'licenseType' });
  assert.match(await licenseRow.textContent(), /Dialpad_Support \(Contact Center\).*user\.department == "Support".*department/);
  assert.match(await page.textContent('#simulation-findings'), /license\.not_value[\s\S]*From licenseType = user\.department/);
  await page.locator('#mappings').screenshot({ path: new URL('mappings.png', OUTPUT).pathname });
});

test('the mapping sample runs four users: totals by value, a user to choose, and the mapping kept across a reload', async (t) => {
  const page = await openPage(t);
  const sample = MAPPING_SAMPLES[0];
  await page.selectOption('#mapping-samples', sample.id);
  await page.waitForFunction(() => document.getElementById('simulation-user').options.length === 4);
  const expected = core.simulate(sample.users, sample.mapping, { offices: EXAMPLE_OFFICES });
  assert.equal(expected.length, 4);
  assert.match(await page.textContent('#totals-table'), /licenseType"Dialpad_Support \(Contact Center\)" × 2, "dialpad_talk" × 2/);
  const codes = await page.$$eval('#mapping-diagnostics .code', (nodes) => nodes.map((node) => node.textContent));
  for (const code of ['mapping.unknown_function', 'mapping.license_values', 'license.not_value', 'mapping.create_only', 'mapping.office_values']) assert.ok(codes.includes(code), `${code} in ${codes}`);
  await page.selectOption('#simulation-user', '2');
  const body = JSON.parse(await page.inputValue('#request-body'));
  assert.deepEqual(body, expected[2].request.body);
  // A finding about the user's own attribute selects it in the editor above.
  await page.locator('#simulation-findings li', { hasText: 'The Okta attribute countryCode' }).locator('button').click();
  const selected = await page.$eval('#input', (area) => area.value.slice(area.selectionStart, area.selectionEnd));
  assert.equal(selected, '"USA"');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#mapping-input'), sample.mapping);
  await page.waitForFunction(() => document.getElementById('simulation-user').options.length === 4);
});

test('users and a mapping typed just before a reload are both kept', async (t) => {
  const page = await openPage(t);
  const mapping = supportMapping();
  // Each editor saves after its debounce (120 and 150 ms); a reload sooner must not lose them.
  await page.fill('#input', SUPPORT_USER);
  await page.fill('#mapping-input', mapping);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#input'), SUPPORT_USER);
  assert.equal(await page.inputValue('#mapping-input'), mapping);
});

test("starting from Dialpad's table, and a mapping that is not JSON", async (t) => {
  const page = await openPage(t);
  await page.fill('#input', SUPPORT_USER);
  await page.click('#mapping-default');
  assert.deepEqual(JSON.parse(await page.inputValue('#mapping-input')), core.defaultMapping());
  await page.waitForFunction(() => document.getElementById('app-user').textContent.includes('user.firstName'));
  await page.fill('#mapping-input', '{"properties": ');
  await page.waitForFunction(() => document.getElementById('mapping-diagnostics').textContent.includes('input.invalid_json'));
  await page.fill('#mapping-input', '');
  await page.waitForFunction(() => document.getElementById('simulation-summary').textContent.startsWith('Paste the Okta to Dialpad mapping'));
});

test('names and values of a mapping that look like HTML are shown as text', async (t) => {
  const page = await openPage(t);
  const payload = '<img src=x onerror="window.__pwned=1">';
  await page.fill('#input', JSON.stringify({ profile: { login: 'a@example.com', firstName: payload, lastName: 'B' } }));
  await page.fill('#mapping-input', JSON.stringify({ properties: { [payload]: { expression: `'${payload}'` }, givenName: { expression: 'user.firstName' }, title: { expression: `${payload}(` } } }));
  await page.waitForFunction((text) => document.getElementById('app-user').textContent.includes(text), payload);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#mappings img').count(), 0);
  assert.ok((await page.textContent('#mapping-diagnostics')).includes(payload));
});
