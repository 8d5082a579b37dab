// The page triages: errors first, notes of one code folded, the Dialpad user card marks what
// Dialpad cannot use (with a one-click fix), and on narrow screens the findings are a tab away.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SAMPLES, MAPPING_SAMPLES } from '../../www/samples.js';
import { EXAMPLE_OFFICES } from '../../www/offices.js';
import { chooseSample, pagesForThisFile } from './harness.mjs';

const require = createRequire(import.meta.url);
const core = require(new URL('../../pkg-node/scim_preflight.js', import.meta.url).pathname);
const OUTPUT = new URL('../../test-output/', import.meta.url);
const RANK = { error: 0, warning: 1, note: 2 };

const openPage = pagesForThisFile();
before(() => mkdirSync(OUTPUT, { recursive: true }));

async function setText(page, text) {
  await page.fill('#input', text);
  await page.waitForFunction(() => !document.getElementById('summary').textContent.startsWith('Loading'));
}


/** The severity word of each top-level card, in order. */
const cardSeverities = (page) => page.$$eval('#diagnostics > li .badge', (nodes) => nodes.map((node) => node.textContent));

test('findings come errors first, then warnings, then notes, whatever the document order', async (t) => {
  const page = await openPage(t);
  for (const sample of SAMPLES) {
    await chooseSample(page, sample.id);
    const report = core.validate(sample.text, { offices: EXAMPLE_OFFICES });
    await page.waitForFunction((count) => document.querySelectorAll('#diagnostics .diagnostic-button, #diagnostics .fold-summary').length >= Math.min(count, 1), report.diagnostics.length);
    const severities = await cardSeverities(page);
    const ranks = severities.map((word) => RANK[word]);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `${sample.id}: ${severities}`);
    if (report.counts.error > 0) assert.equal(severities[0], 'error', sample.id);
  }
  // In the mistakes sample the first finding in the text is a warning (line 2); the error comes first.
  await chooseSample(page, 'okta-mistakes');
  const first = core.validate(SAMPLES.find((s) => s.id === 'okta-mistakes').text).diagnostics[0];
  assert.equal(first.severity, 'warning');
  assert.deepEqual((await cardSeverities(page)).slice(0, 3), ['error', 'error', 'error']);
  assert.match(await page.textContent('#next-step'), /^Fix the 3 errors first, starting with country\.not_alpha2 at line 7\./);
});

test('within a severity, findings keep the order of the text; a single note is not folded', async (t) => {
  const page = await openPage(t);
  // Errors on lines 3 and 5, a warning between them, one unmapped attribute (a single note).
  await setText(page, '{\n  "login": "kim@example.com",\n  "countryCode": "USA",\n  "email": "k@example.org",\n  "preferredLanguage": "English",\n  "nickName": "K",\n  "firstName": "Kim", "lastName": "Park", "licenseType": "dialpad_talk"\n}');
  await page.waitForFunction(() => document.getElementById('diagnostics').textContent.includes('nickName is not mapped'));
  const cards = await page.$$eval('#diagnostics > li', (items) => items.map((item) => [item.querySelector('.badge').textContent, item.querySelector('.code').textContent, item.querySelector('.where')?.textContent ?? '']));
  const errors = cards.filter(([severity]) => severity === 'error');
  assert.deepEqual(errors.map(([, code]) => code), ['country.not_alpha2', 'language.invalid'], 'line 3 before line 5');
  const severities = cards.map(([severity]) => severity);
  assert.ok(severities.indexOf('warning') > severities.lastIndexOf('error'), `${severities}`);
  assert.equal(await page.$$eval('#diagnostics .fold', (folds) => folds.length), 0, 'one note of a code is shown as it is');
  assert.ok(cards.some(([, code]) => code === 'attribute.unmapped'));
});

test('notes of one code fold into one line that opens to show each', async (t) => {
  const page = await openPage(t);
  const extras = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`customAttribute${i}`, `value ${i}`]));
  await setText(page, JSON.stringify({ profile: { login: 'kim@example.com', firstName: 'Kim', lastName: 'Park', countryCode: 'USA', ...extras } }, null, 2));
  await page.waitForSelector('#diagnostics .fold-summary');
  assert.equal(await page.textContent('#diagnostics .fold-label'), '25 attributes Dialpad ignores');
  const topLevelCodes = await page.$$eval('#diagnostics > li:not(.fold) .code', (nodes) => nodes.map((node) => node.textContent));
  assert.ok(!topLevelCodes.includes('attribute.unmapped'), `no unfolded attribute.unmapped: ${topLevelCodes}`);
  assert.equal(await page.$$eval('#diagnostics > li.fold', (items) => items.length), 1);
  assert.equal(await page.isVisible('#diagnostics .fold-list .diagnostic-button'), false, 'folded until opened');
  await page.click('#diagnostics .fold-summary');
  assert.equal(await page.$$eval('#diagnostics .fold-list .diagnostic-button', (buttons) => buttons.filter((b) => b.offsetParent !== null).length), 25);
  // The gutter marks the lines of the folded notes with the note icon and colour of their badge.
  const [gutterIcon, badgeIcon] = await page.evaluate(() => [
    getComputedStyle(document.querySelector('#gutter [data-severity="info"]'), '::before').content,
    getComputedStyle(document.querySelector('#diagnostics .badge.info'), '::before').content,
  ]);
  assert.equal(gutterIcon, badgeIcon);
  assert.match(gutterIcon, /ℹ/);
});

test('the Dialpad user card strikes what Dialpad cannot use, and fixes one field in one click', async (t) => {
  const page = await openPage(t);
  await chooseSample(page, 'okta-mistakes');
  const row = (label) => page.locator('#preview dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
  for (const [label, value] of [['Country', 'United States'], ['Language', 'English'], ['License', 'Dialpad_Talk']]) {
    assert.equal(await row(label).locator('del.value').textContent(), value, label);
    assert.match(await row(label).textContent(), /Dialpad cannot use this/, label);
  }
  assert.equal(await row('Name').locator('del').count(), 0, 'a readable value is not struck');
  assert.match(await row('Country').textContent(), /Use "US"/);
  const before = await page.inputValue('#input');
  await row('Country').getByRole('button', { name: 'Fix Country: use "US"' }).click();
  await page.waitForFunction((text) => document.getElementById('input').value !== text, before);
  assert.equal(await page.inputValue('#input'), before.replace('"United States"', '"US"'), 'only that value changed');
  await page.waitForFunction(() => !document.getElementById('preview').textContent.includes('United States'));
  assert.equal(await row('Country').locator('del').count(), 0);
  assert.equal(await row('Language').locator('del.value').textContent(), 'English', 'the other fields are left as they were');
  // A valid license shows its product.
  await chooseSample(page, 'scim-user');
  assert.equal(await row('License').locator('.value').textContent(), 'dialpad_talk (Dialpad Connect)');
});

for (const width of [390, 768, 1280]) {
  test(`at ${width} px the findings are reachable without scrolling past the editor, and nothing overflows`, async (t) => {
    const page = await openPage(t);
    await page.setViewportSize({ width, height: 800 });
    await chooseSample(page, 'okta-mistakes');
    const narrow = width <= 900;
    assert.equal(await page.isVisible('#pane-tabs'), narrow);
    if (narrow) {
      assert.equal(await page.textContent('#tab-findings'), 'Findings (3 errors)');
      await page.getByRole('tab', { name: /Findings/ }).click();
      assert.equal(await page.isVisible('#input'), false);
    }
    const top = await page.$eval('#diagnostics .diagnostic-button', (button) => button.getBoundingClientRect().top);
    assert.ok(top < 800, `the first finding starts at ${top} px, within the first screen`);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(await overflow(), 0, 'no horizontal scrolling');
    await page.screenshot({ path: new URL(`page-${width}.png`, OUTPUT).pathname, fullPage: true });
    if (narrow) {
      // Wide again, both panes show, whichever tab was chosen.
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.waitForFunction(() => document.getElementById('pane-tabs').hidden);
      assert.equal(await page.isVisible('#input'), true);
      assert.equal(await page.isVisible('#diagnostics'), true);
      await page.setViewportSize({ width, height: 800 });
      await page.waitForFunction(() => !document.getElementById('pane-tabs').hidden);
      // Choosing a finding goes back to the text with it selected.
      await page.click('#diagnostics .diagnostic-button');
      assert.equal(await page.isVisible('#input'), true);
      assert.equal(await page.$eval('#input', (area) => area.value.slice(area.selectionStart, area.selectionEnd)), '"United States"');
    }
    // Nor with a mapping simulated and a batch checked below.
    await page.selectOption('#mapping-samples', MAPPING_SAMPLES[0].id);
    await page.waitForFunction(() => document.querySelectorAll('#app-user tr').length > 0);
    await page.setInputFiles('#open-batch', { name: 'users.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify({ login: 'a@example.com', firstName: 'A', lastName: 'B', countryCode: 'USA' })}\n`) });
    await page.waitForFunction(() => document.getElementById('batch-status').textContent.startsWith('Checked'));
    assert.equal(await overflow(), 0, 'no horizontal scrolling with the mappings and the batch shown');
  });
}
