// The batch view: a 100,000-record NDJSON file checked in a worker while the page stays
// responsive, its summary, filters and CSV download; and the CSV cell escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvCell, reportCsv } from '../../www/batch.js';
import { pagesForThisFile } from './harness.mjs';

const RECORDS = 100_000;
const EVERY_NTH_BROKEN = 20; // 5% of the records have an error

/** NDJSON where every 20th user has the country as "USA" (one error each). */
function generateNdjson(count) {
  const lines = [];
  for (let i = 0; i < count; i += 1) {
    const country = i % EVERY_NTH_BROKEN === 0 ? 'USA' : 'US';
    lines.push(JSON.stringify({ login: `user${i}@example.com`, firstName: `User${i}`, lastName: 'Example', email: `user${i}@example.com`, countryCode: country, licenseType: 'dialpad_talk', officeName: 'New York' }));
  }
  return `${lines.join('\n')}\n`;
}

const openPage = pagesForThisFile();

test('spreadsheet formulas in report cells are escaped', () => {
  assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
  for (const start of ['+', '-', '@', '\t']) assert.equal(csvCell(`${start}1`).replace(/^"|"$/g, '').startsWith(`'${start}`), true, start);
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  const csv = reportCsv([{ record: 0, login: '@evil' }], [{ record: 0, line: 1, column: 2, severity: 'error', code: 'x', path: '/0', message: '=1+1' }]);
  assert.match(csv, /,'@evil,\/0,'=1\+1,/);
});

test('a 100,000-record NDJSON file is checked in the background with progress', async (t) => {
  const page = await openPage(t);
  await page.evaluate(() => {
    window.latencies = [];
    document.getElementById('batch-heading').addEventListener('click', (event) => window.latencies.push(performance.now() - event.timeStamp));
  });
  await page.setInputFiles('#open-batch', { name: 'users.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(generateNdjson(RECORDS)) });
  const progress = new Set();
  while (!(await page.textContent('#batch-status')).startsWith('Checked')) {
    const value = await page.$eval('#batch-progress-bar', (bar) => bar.value);
    if (value > 0 && value < 1) progress.add(value);
    await page.click('#batch-heading');
    await page.waitForTimeout(40);
  }
  assert.ok(progress.size >= 2, `the progress bar moved through ${progress.size} values`);
  const latencies = await page.evaluate(() => window.latencies);
  assert.ok(latencies.length >= 3, `${latencies.length} clicks during the run`);
  assert.ok(Math.max(...latencies) < 200, `slowest click handled after ${Math.max(...latencies)} ms`);

  const summary = await page.$$eval('#batch-summary dd', (nodes) => nodes.map((node) => node.textContent));
  assert.deepEqual(summary.slice(0, 3), [RECORDS.toLocaleString('en-US'), (RECORDS / EVERY_NTH_BROKEN).toLocaleString('en-US'), '0']);

  await page.selectOption('#batch-severity', 'error');
  assert.match(await page.textContent('#batch-table-note'), /of 5,000 matching records/);
  assert.equal(await page.$$eval('#batch-table tr', (rows) => rows.length), 500);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  assert.equal(csv[0], 'record,line,column,severity,code,login,path,message,hint,suggestion');
  const countryErrors = csv.filter((line) => line.includes(',country.not_alpha2,'));
  assert.equal(countryErrors.length, RECORDS / EVERY_NTH_BROKEN);
  assert.match(countryErrors[1], /^20,21,\d+,error,country\.not_alpha2,user20@example\.com,\/20\/countryCode,/);
});

test('a batch can be cancelled and the page still checks', async (t) => {
  const page = await openPage(t);
  // Large enough that the check is still running when the cancel click lands.
  const file = join(mkdtempSync(join(tmpdir(), 'scim-preflight-')), 'big.ndjson');
  writeFileSync(file, generateNdjson(300_000));
  await page.setInputFiles('#open-batch', file);
  await page.waitForFunction(() => document.getElementById('batch-progress-bar').value > 0);
  await page.click('#batch-cancel');
  assert.match(await page.textContent('#batch-status'), /^Cancelled: [\d,]+ records of big\.ndjson were checked\.$/);
  assert.equal(await page.isHidden('#batch-progress'), true);
  await page.selectOption('#samples', 'okta-clean');
  await page.waitForFunction(() => document.getElementById('summary').textContent.startsWith('Ready for Dialpad'));
});

test('a CSV export is checked as a batch with a capacity summary', async (t) => {
  const page = await openPage(t);
  const csv = 'Username,First name,Last name,countryCode,licenseType,officeName\n'
    + 'a@example.com,A,One,US,dialpad_talk,Tour Operations\nb@example.com,B,Two,US,dialpad_talk,Tour Operations\nc@example.com,C,Three,US,dialpad_talk,Tour Operations\n';
  await page.setInputFiles('#open-batch', { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.getElementById('batch-status').textContent.startsWith('Checked'));
  const capacity = await page.$$eval('#capacity-table tr', (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
  // The example offices leave Tour Operations 2 dialpad_talk licenses and an empty number pool.
  assert.deepEqual(capacity, [['Tour Operations', 'dialpad_talk', '3', '2', '1', '3 / 0 (3 from area code)']]);
});

test('when the background checker fails the page says so and offers to try again', async (t) => {
  const page = await openPage(t);
  await page.route('**/batch-worker.js', (route) => route.fulfill({ status: 500, body: 'broken' }));
  await page.setInputFiles('#open-batch', { name: 'users.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(generateNdjson(50)) });
  await page.waitForSelector('#batch-retry', { state: 'visible' });
  assert.match(await page.textContent('#batch-status'), /^Could not check users\.ndjson: .+\. Your text and offices are kept; you can try again\.$/);
  await page.unroute('**/batch-worker.js');
  await page.click('#batch-retry');
  await page.waitForFunction(() => document.getElementById('batch-status').textContent.startsWith('Checked 50 records'));
  assert.equal(await page.isHidden('#batch-retry'), true);
});
