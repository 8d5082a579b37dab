// WCAG 2.1 AA, checked by axe-core in the real page in every state an admin reaches, and the
// main flows done with the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLES, MAPPING_SAMPLES } from '../../www/samples.js';
import { accessibilityViolations, chooseSample, pagesForThisFile } from './harness.mjs';

const openPage = pagesForThisFile();


async function assertAccessible(page, state) {
  assert.deepEqual(await accessibilityViolations(page), [], `axe-core violations: ${state}`);
}

const NDJSON = `${[
  { login: 'ana@example.com', firstName: 'Ana', lastName: 'Silva', countryCode: 'USA' },
  { login: 'ben@example.com', firstName: 'Ben', lastName: 'Okafor', countryCode: 'GB', preferredLanguage: 'English' },
  { login: 'cy@example.com', firstName: 'Cy', lastName: 'Ng', countryCode: 'US' },
].map((user) => JSON.stringify(user)).join('\n')}\n`;

for (const scheme of ['light', 'dark']) {
  test(`axe-core finds no WCAG 2.1 AA violation in any state (${scheme} colours)`, async (t) => {
    const page = await openPage(t);
    await page.emulateMedia({ colorScheme: scheme });
    const loaded = await page.textContent('#summary');
    await page.fill('#input', '');
    await page.waitForFunction((before) => document.getElementById('summary').textContent !== before, loaded);
    await assertAccessible(page, 'the empty page');
    for (const sample of SAMPLES) {
      await chooseSample(page, sample.id);
      await assertAccessible(page, `sample ${sample.id}`);
    }
    await chooseSample(page, 'scim-user');
    await page.click('#diagnostics .fold-summary');
    await assertAccessible(page, 'a fold of notes, open');
    for (const sample of MAPPING_SAMPLES) {
      await page.selectOption('#mapping-samples', sample.id);
      await page.waitForFunction(() => document.querySelectorAll('#app-user tr').length > 0);
      await assertAccessible(page, `mapping sample ${sample.id}`);
    }
    await page.setInputFiles('#open-batch', { name: 'users.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(NDJSON) });
    await page.waitForFunction(() => document.getElementById('batch-status').textContent.startsWith('Checked'));
    await assertAccessible(page, 'the batch view');
    await page.click('#add-office');
    await page.fill('input[aria-label="Licenses left of office 5"]', 'not a count');
    await page.dispatchEvent('input[aria-label="Licenses left of office 5"]', 'change');
    await assertAccessible(page, 'the offices editor, with a value it refuses');
    await page.setViewportSize({ width: 390, height: 800 });
    await page.getByRole('tab', { name: /Findings/ }).click();
    await assertAccessible(page, 'a phone-width screen, findings tab');
  });
}

/** Presses Tab until `matches(focused)` holds, at most `limit` times; returns the stops passed. */
async function tabUntil(page, matches, limit = 40) {
  const stops = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      // A file input is drawn by its label, which shows the ring (:focus-within).
      const drawn = el.closest('.file-button') ?? el;
      return { id: el.id, tag: el.tagName.toLowerCase(), text: el.textContent.trim().slice(0, 60), outline: getComputedStyle(drawn).outlineStyle, outlineWidth: parseFloat(getComputedStyle(drawn).outlineWidth) };
    });
    stops.push(focused);
    if (matches(focused)) return stops;
  }
  throw new Error(`not reached in ${limit} Tab presses: ${stops.map((s) => s.id || s.tag).join(', ')}`);
}

test('keyboard only: a sensible Tab order with a visible focus ring, and Enter on a finding selects it in the text', async (t) => {
  const page = await openPage(t);
  await chooseSample(page, 'okta-mistakes');
  await page.evaluate(() => document.activeElement.blur());
  const stops = await tabUntil(page, (focused) => focused.tag === 'button' && focused.text.startsWith('error'));
  assert.deepEqual(stops.map((s) => s.id).filter(Boolean), ['samples', 'apply-fixes', 'open-batch', 'input'], 'samples, fixes, file, then the text, then the findings');
  for (const stop of stops) assert.ok(stop.outline !== 'none' && stop.outlineWidth >= 2, `a focus ring on ${stop.id || stop.tag}: ${stop.outline} ${stop.outlineWidth}px`);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'input');
  assert.equal(await page.$eval('#input', (area) => area.value.slice(area.selectionStart, area.selectionEnd)), '"United States"');
  // The polite live region says what was found, briefly.
  assert.equal(await page.textContent('#announce'), 'Checked: 3 errors, 4 warnings, 0 notes.');
  assert.deepEqual(await page.$eval('#announce', (node) => [node.getAttribute('role'), node.getAttribute('aria-live')]), ['status', 'polite']);
});

test('keyboard only: folded notes open, and the batch filters and table work', async (t) => {
  const page = await openPage(t);
  await chooseSample(page, 'scim-user');
  await page.focus('#input');
  await tabUntil(page, (focused) => focused.tag === 'summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.$eval('#diagnostics details', (details) => details.open), true);
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /attribute\.unmapped/);

  await page.setInputFiles('#open-batch', { name: 'users.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(NDJSON) });
  await page.waitForFunction(() => document.getElementById('batch-status').textContent.startsWith('Checked'));
  assert.match(await page.textContent('#batch-table-note'), /^3 matching records/);
  await page.focus('#batch-severity');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.getElementById('batch-table-note').textContent.startsWith('2 matching'));
  await tabUntil(page, (focused) => focused.id === 'batch-code');
  await tabUntil(page, (focused) => focused.tag === 'div' && focused.text.startsWith('#'));
  const scrolled = await page.evaluate(() => document.activeElement.querySelector('table') !== null);
  assert.ok(scrolled, 'the records table is reachable, so it can be scrolled with the arrow keys');
});

test('keyboard only: on a phone the tabs switch with the arrow keys', async (t) => {
  const page = await openPage(t);
  await page.setViewportSize({ width: 390, height: 800 });
  await chooseSample(page, 'okta-mistakes');
  await page.focus('#tab-input');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-findings');
  assert.equal(await page.getAttribute('#tab-findings', 'aria-selected'), 'true');
  assert.equal(await page.isVisible('#diagnostics'), true);
  assert.equal(await page.isVisible('#input'), false);
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /^error/, 'Tab leaves the tabs for the first finding');
});
