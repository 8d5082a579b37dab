// Hostile input through the page: script payloads in every field the page displays run
// nothing and are shown as text; a 300 MB file is refused with the limit and the page keeps
// working; bytes that are not UTF-8 in a dropped file are reported where they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pagesForThisFile } from './harness.mjs';

const openPage = pagesForThisFile();

/** Each payload, if it ever ran, would add its name to window.__pwned. */
const ran = (name) => `window.__pwned=(window.__pwned||[]).concat('${name}')`;
const PAYLOADS = [
  `<script>${ran('script')}</script>`,
  `<img src=x onerror="${ran('img')}">`,
  `<svg onload="${ran('svg')}"><title>x</title></svg>`,
  `"><iframe src="javascript:${ran('iframe')}"></iframe>`,
  `<a href="javascript:${ran('link')}">open</a>`,
  `javascript:${ran('url')}`,
  `<details open ontoggle="${ran('details')}">`,
];
const payload = (index) => PAYLOADS[index % PAYLOADS.length];

/** A profile with a payload in every attribute the page shows, and as an attribute's name. */
function hostileProfile(index = 0) {
  return {
    profile: {
      login: `${payload(index)}@example.com`, firstName: payload(index + 1), lastName: payload(index + 2), email: `x@${payload(index + 3)}`,
      title: payload(index + 4), countryCode: payload(index + 5), preferredLanguage: payload(index + 6), officeName: payload(index + 1),
      department: payload(index + 2), licenseType: payload(index + 3), [payload(index + 4)]: payload(index + 5),
    },
  };
}
const HOSTILE_OFFICES = [
  { name: payload(1), country: 'US', availableNumbers: 1, availableLicenses: { dialpad_talk: 1 } },
  { name: payload(2), country: 'US', main: true },
];

/** The page's own markup has none of these (but its one details box); any would be injected HTML. */
const INJECTABLE = 'main script, main img, main svg, main iframe, main a, main details:not(#unmapped-box), main object, main embed, main [onerror], main [onload]';

/** A page that records every script a payload could run: CSP violations, dialogs, window.__pwned. */
async function guardedPage(t) {
  const page = await openPage(t);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(`${event.violatedDirective}: ${event.sample}`));
  });
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const dialogs = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  page.assertNothingRan = async (step) => {
    const state = await page.evaluate((selector) => ({ pwned: window.__pwned ?? [], violations: window.__violations, injected: document.querySelectorAll(selector).length }), INJECTABLE);
    assert.deepEqual(state, { pwned: [], violations: [], injected: 0 }, step);
    assert.deepEqual(dialogs, [], step);
  };
  return page;
}

const quoted = (cell) => `"${cell.replace(/"/g, '""')}"`;
const shownText = (page) => page.evaluate(() => document.querySelector('main').innerText);
const waitForBatch = (page) => page.waitForFunction(() => /^(Checked|Could not check)/.test(document.getElementById('batch-status').textContent));

test('script payloads in every displayed field run nothing and are shown as text', async (t) => {
  const page = await guardedPage(t);

  await page.setInputFiles('#import-offices', { name: `${payload(0)}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(HOSTILE_OFFICES)) });
  await page.waitForFunction(() => document.getElementById('offices-status').textContent.startsWith('Imported'));
  assert.ok((await page.textContent('#offices-status')).includes(payload(0)), 'the file name is shown as text');
  await page.assertNothingRan('offices imported');

  await page.fill('#input', JSON.stringify(hostileProfile(), null, 2));
  await page.waitForFunction((name) => document.getElementById('preview').textContent.includes(name), payload(1));
  for (const button of await page.$$('#diagnostics button:not([disabled])')) await button.click();
  const single = await shownText(page);
  for (const index of [0, 1, 2, 3, 4, 5, 6]) assert.ok(single.includes(payload(index)), `payload ${index} is shown as text`);
  assert.ok((await page.textContent('#office-decision')).includes(payload(1)), 'the office trace shows the office name as text');
  await page.assertNothingRan('a hostile profile checked, every finding clicked');

  const ndjson = [0, 1, 2, 3].map((index) => JSON.stringify(hostileProfile(index).profile)).join('\n');
  await page.setInputFiles('#open-batch', { name: `${payload(1)}.ndjson`, mimeType: 'application/x-ndjson', buffer: Buffer.from(`${ndjson}\n`) });
  await waitForBatch(page);
  assert.match(await page.textContent('#batch-status'), /^Checked 4 records of /);
  for (const code of await page.$$eval('#batch-code option', (options) => options.map((option) => option.value).filter(Boolean))) await page.selectOption('#batch-code', code);
  await page.selectOption('#batch-code', '');
  const batch = await page.textContent('#batch');
  assert.ok(batch.includes(payload(1)) && batch.includes(payload(2)), 'file name, table and capacity show the payloads as text');
  await page.assertNothingRan('a hostile NDJSON batch');

  const csv = `login,${quoted(payload(4))},officeName\n${quoted(`${payload(0)}@example.com`)},x,${quoted(payload(1))}\n`;
  await page.setInputFiles('#open-batch', { name: `${payload(2)}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await waitForBatch(page);
  await page.assertNothingRan('a hostile CSV batch');

  await page.setInputFiles('#import-offices', { name: `${payload(3)}.json`, mimeType: 'application/json', buffer: Buffer.from(`{"${payload(5)}`) });
  await page.waitForFunction(() => document.getElementById('offices-status').textContent.startsWith('Could not import'));
  await page.assertNothingRan('a broken offices file with a hostile name');

  // The text and the offices come back from localStorage after a reload, still as text.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(JSON.parse(await page.inputValue('#input')).profile.firstName, payload(1));
  const officeNames = await page.$$eval('#office-rows input[aria-label^="Name of office"]', (inputs) => inputs.map((input) => input.value));
  assert.deepEqual(officeNames, HOSTILE_OFFICES.map((office) => office.name));
  await page.assertNothingRan('after a reload');
});

/** Writes about `bytes` of a JSON array of users to a file, a megabyte at a time. */
function writeLargeJsonArray(file, bytes) {
  const record = JSON.stringify(hostileProfile(0));
  const block = Buffer.from(`${record},`.repeat(Math.ceil((1 << 20) / (record.length + 1))));
  const fd = openSync(file, 'w');
  writeSync(fd, '[');
  for (let written = 0; written < bytes; written += block.length) writeSync(fd, block);
  writeSync(fd, `${record}]`);
  closeSync(fd);
}

test('a 300 MB JSON file is refused with the limit, unread, and the page keeps working', async (t) => {
  const page = await guardedPage(t);
  const dir = mkdtempSync(join(tmpdir(), 'scim-preflight-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'everyone.json');
  writeLargeJsonArray(file, 300 * 1024 * 1024);
  assert.ok(statSync(file).size >= 300 * 1024 * 1024);

  await page.setInputFiles('#open-batch', file);
  await waitForBatch(page);
  assert.equal(await page.textContent('#batch-status'), 'Checked 0 records of everyone.json.');
  const notes = await page.$$eval('#batch-notes li', (items) => items.map((item) => item.textContent));
  assert.equal(notes.length, 1);
  assert.match(notes[0], /^errorThe text is 300\.\d MiB, more than the 64\.0 MiB one call reads, so nothing in it is checked\./);
  assert.match(notes[0], /export it as NDJSON/);
  const errors = await page.$$eval('#batch-summary dd', (nodes) => nodes[3].textContent);
  assert.equal(errors, '1');

  await page.selectOption('#samples', 'okta-clean');
  await page.waitForFunction(() => document.getElementById('summary').textContent.startsWith('Ready for Dialpad'));
  await page.assertNothingRan('a 300 MB file');
});

/** `Muñoz` in UTF-8 everywhere but one record, whose ñ is the single Latin-1 byte 0xF1. */
function ndjsonWithOneLatin1Byte(count, latin1Record) {
  const parts = [];
  for (let index = 0; index < count; index += 1) {
    const line = `{"login":"user${index}@example.com","firstName":"Iñés","lastName":"Muñoz","countryCode":"ES"}\n`;
    parts.push(index === latin1Record ? Buffer.from(line, 'latin1') : Buffer.from(line, 'utf8'));
  }
  return Buffer.concat(parts);
}

async function drop(page, selector, name, type, bytes) {
  const dataTransfer = await page.evaluateHandle(({ name, type, base64 }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], name, { type }));
    return transfer;
  }, { name, type, base64: bytes.toString('base64') });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

async function downloadedCsvLines(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  return readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
}

test('bytes that are not UTF-8 in a dropped file are reported where they are', async (t) => {
  const page = await guardedPage(t);
  const csv = Buffer.concat([Buffer.from('login,firstName,lastName,countryCode\nana@example.com,Ana,Mu'), Buffer.from([0xf1]), Buffer.from('oz,ES\n')]);
  await drop(page, '#batch', 'latin1.csv', 'text/csv', csv);
  await waitForBatch(page);
  assert.equal(await page.textContent('#batch-status'), 'Checked 1 records of latin1.csv.');
  const flagged = (await downloadedCsvLines(page)).filter((line) => line.includes(',value.replacement_character,'));
  assert.equal(flagged.length, 1);
  assert.match(flagged[0], /^0,2,\d+,warning,value\.replacement_character,ana@example\.com,\/0\/lastName,/);

  // Streamed NDJSON: many pieces, so characters are split across reads; only the bad byte is flagged.
  const records = 30_000;
  await drop(page, '.editor', 'mixed.ndjson', 'application/x-ndjson', ndjsonWithOneLatin1Byte(records, 21_345));
  await waitForBatch(page);
  assert.equal(await page.textContent('#batch-status'), `Checked ${records.toLocaleString('en-US')} records of mixed.ndjson.`);
  const bad = (await downloadedCsvLines(page)).filter((line) => line.includes(',value.replacement_character,'));
  assert.equal(bad.length, 2, 'first and last name of the one Latin-1 record');
  for (const line of bad) assert.match(line, /^21345,21346,/);
  await page.assertNothingRan('files with bytes that are not UTF-8');
});
