// End-to-end tests of the checker page in Debian's Chromium, driven by playwright-core,
// against the page served on loopback by scripts/serve.py. Expected findings come from the
// Node build of the same core, so the page is checked against the rules, not against copies.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SAMPLES } from '../../www/samples.js';
import { EXAMPLE_OFFICES } from '../../www/offices.js';
import { triage } from '../../www/findings.js';
import { chooseSample, pagesForThisFile } from './harness.mjs';

const require = createRequire(import.meta.url);
const core = require(new URL('../../pkg-node/scim_preflight.js', import.meta.url).pathname);
const OUTPUT = new URL('../../test-output/', import.meta.url);

const openPage = pagesForThisFile();
before(() => mkdirSync(OUTPUT, { recursive: true }));


const shownCodes = (page) => page.$$eval('#diagnostics .code', (nodes) => nodes.map((node) => node.textContent));

/** The codes the list shows for these findings, triaged: a fold shows its code, then its notes'. */
const triagedCodes = (diagnostics) => triage(diagnostics).flatMap((entry) => (entry.diagnostic ? [entry.diagnostic.code] : [entry.code, ...entry.diagnostics.map((d) => d.code)]));

test('every sample, chosen from the menu or pasted, shows the findings of the core and a preview', async (t) => {
  const page = await openPage(t);
  const shows = async (sample) => {
    const expected = core.validate(sample.text, { offices: EXAMPLE_OFFICES });
    const codes = triagedCodes(expected.diagnostics);
    await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('#diagnostics .code')].map((n) => n.textContent)) === want, JSON.stringify(codes));
    const summary = await page.textContent('#summary');
    assert.match(summary, new RegExp(`${expected.counts.error} errors?, ${expected.counts.warning} warnings?`), sample.id);
    const mapping = [core.mapAttributes(sample.text)].flat().find((m) => m.kind !== 'unknown');
    if (mapping?.fields.name.value) assert.ok((await page.textContent('#preview')).includes(mapping.fields.name.value), sample.id);
  };
  for (const sample of SAMPLES) {
    await chooseSample(page, sample.id);
    await shows(sample);
    await page.fill('#input', '');
    await page.fill('#input', sample.text); // as a paste does: the text arrives in one input event
    await shows(sample);
  }
});

test('pasted text is checked as it is typed in', async (t) => {
  const page = await openPage(t);
  const text = JSON.stringify({ profile: { login: 'kim@example.com', firstName: 'Kim', lastName: 'Park', countryCode: 'Korea, Republic of' } });
  await page.fill('#input', text);
  await page.waitForFunction(() => document.getElementById('diagnostics').textContent.includes('Suggested: "KR"'));
  const codes = await shownCodes(page);
  assert.deepEqual(codes, triagedCodes(core.validate(text, { offices: EXAMPLE_OFFICES }).diagnostics));
  assert.match(await page.textContent('#preview'), /Kim Park/);
});

test('offices can be imported from a CSV file', async (t) => {
  const page = await openPage(t);
  const csv = 'name,country,availableNumbers,main,dialpad_talk\nBerlin,DE,3,yes,5\n"Paris, Rive Gauche",FR,0,,2\n';
  await page.setInputFiles('#import-offices', { name: 'offices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.getElementById('offices-status').textContent.startsWith('Imported 2 offices'));
  assert.equal(await page.inputValue('input[aria-label="Name of office 2"]'), 'Paris, Rive Gauche');
  assert.equal(await page.inputValue('input[aria-label="Licenses left of office 1"]'), 'dialpad_talk=5');
  await page.fill('#input', JSON.stringify({ profile: { login: 'a@example.com', firstName: 'A', lastName: 'B', countryCode: 'DE' } }));
  await page.waitForFunction(() => document.getElementById('office-decision').textContent.includes('“Berlin” (decided by country)'));
});

test('the preview card shows each Dialpad field and where it came from', async (t) => {
  const page = await openPage(t);
  await chooseSample(page, 'scim-user');
  const preview = await page.textContent('#preview');
  for (const part of ['Barbara Jensen', '/name', 'bjensen@example.com', '/userName', 'Tour Operations', 'dialpad_talk (Dialpad Connect)']) {
    assert.ok(preview.includes(part), `${part} in ${preview}`);
  }
  assert.equal(await page.textContent('#unmapped-count'), '2');
});

test('clicking a diagnostic selects the offending text', async (t) => {
  const page = await openPage(t);
  await chooseSample(page, 'okta-mistakes');
  await page.click('#diagnostics li:has(.code:text-is("country.not_alpha2")) button');
  const selected = await page.$eval('#input', (area) => area.value.slice(area.selectionStart, area.selectionEnd));
  assert.equal(selected, '"United States"');
  const marked = await page.$eval('#gutter', (gutter) => gutter.children[6].dataset.severity);
  assert.equal(marked, 'error');
  await page.screenshot({ path: new URL('page.png', OUTPUT).pathname, fullPage: true });
});

test('offices persist across a reload and change the office decision', async (t) => {
  const page = await openPage(t);
  await chooseSample(page, 'scim-user');
  assert.match(await page.textContent('#office-decision'), /in “Tour Operations” \(decided by department\)/);
  await page.fill('input[aria-label="Name of office 2"]', 'Tours');
  await page.dispatchEvent('input[aria-label="Name of office 2"]', 'change');
  await page.waitForFunction(() => !document.getElementById('office-decision').textContent.includes('decided by department'));
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('input[aria-label="Name of office 2"]'), 'Tours');
  assert.equal(await page.inputValue('#input'), SAMPLES.find((s) => s.id === 'scim-user').text);
  // The sample's country is "USA", which no office can match: Dialpad chooses.
  assert.match(await page.textContent('#office-decision .headline'), /No attribute decides/);
  assert.match(await page.textContent('#office-decision .step:nth-child(3)'), /no match.*"Tour Operations" is the name of no office/);
});

test('apply suggested fixes rewrites only the fixed values and their findings go', async (t) => {
  const page = await openPage(t);
  await chooseSample(page, 'okta-mistakes');
  const before = await page.inputValue('#input');
  await page.click('#apply-fixes');
  await page.waitForFunction((text) => document.getElementById('input').value !== text, before);
  assert.equal(await page.inputValue('#input'), core.applySuggestions(before, { offices: EXAMPLE_OFFICES }), 'with the offices entered, an office near miss is fixed too');
  const codes = await shownCodes(page);
  for (const fixed of ['country.not_alpha2', 'language.invalid', 'license.not_value']) assert.ok(!codes.includes(fixed), fixed);
  assert.equal(await page.textContent('#fix-status'), 'Applied every certain suggestion.');
});

test('values that look like HTML are shown as text and run no script', async (t) => {
  const page = await openPage(t);
  await chooseSample(page, 'hostile');
  await page.hover('#preview');
  await page.hover('#office-decision');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.$$eval('main img, main script, main b', (nodes) => nodes.length), 0);
  assert.ok((await page.textContent('#preview')).includes('<img src=x onerror="window.__xss=1">'));
});

test('the Content-Security-Policy forbids requests to other origins', async (t) => {
  const page = await openPage(t);
  const response = await page.goto(page.url()); // the page opened at the origin, loaded again for its headers
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  await page.waitForSelector('body[data-ready="true"]');
  const blocked = await page.evaluate(() => fetch('http://192.0.2.1/').then(() => false, () => true));
  assert.equal(blocked, true);
});

test('the page fits a 1280x800 window and a narrow one without sideways scrolling', async (t) => {
  const page = await openPage(t);
  for (const width of [1280, 420]) {
    await page.setViewportSize({ width, height: 800 });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= width, `${scrollWidth} > ${width}`);
  }
});

test('dark mode keeps the text readable', async (t) => {
  const page = await openPage(t);
  await page.emulateMedia({ colorScheme: 'dark' });
  const [background, text] = await page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return [style.backgroundColor, style.color];
  });
  assert.equal(background, 'rgb(13, 17, 23)');
  assert.equal(text, 'rgb(230, 237, 243)');
  await page.screenshot({ path: new URL('page-dark.png', OUTPUT).pathname });
});

test('index.html preloads every module the page loads, the wasm-bindgen snippets too', async (t) => {
  const page = await openPage(t);
  const preloaded = await page.$$eval('link[rel="modulepreload"]', (links) => links.map((link) => new URL(link.href).pathname.slice(1)));
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname.slice(1)).filter((path) => path.endsWith('.js')));
  // Every module fetched at load is preloaded, so none waits for its importer to arrive first.
  const late = loaded.filter((path) => !preloaded.includes(path) && !['boot.js', 'app.js', 'offline.js'].includes(path));
  assert.deepEqual(late, [], 'modules fetched without a preload');
  const missing = preloaded.filter((path) => !loaded.includes(path));
  assert.deepEqual(missing, [], 'preloads of files the page does not load (a stale snippet path?)');
});
