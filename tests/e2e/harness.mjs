// Shared set-up of the end-to-end tests: the page served on loopback by scripts/serve.py,
// Debian's Chromium through playwright-core, and pages that fail a test on any request
// outside their origin or any script error.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const REPOSITORY = new URL('../..', import.meta.url).pathname;
const require = createRequire(new URL('../../tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/**
 * scripts/serve.py on a free port, serving `root` (www/ by default); `received` lists the path
 * of every request it gets (its access log).
 */
export async function startServer({ root } = {}) {
  // serve.py keeps quiet when QUIET is set at all, so it is left out: the access log is read.
  const { QUIET: _, ...inherited } = process.env;
  const env = { ...inherited, PORT: '0', ...(root ? { ROOT: root } : {}) };
  const child = spawn('python3', ['scripts/serve.py'], { cwd: REPOSITORY, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const received = [];
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    for (const line of chunk.split('\n')) {
      const request = line.match(/"GET (\S+) HTTP/);
      if (request) received.push(request[1]);
      else if (line.trim() !== '' && !/" \d{3} /.test(line)) process.stderr.write(`${line}\n`); // not an access-log line: show it
    }
  });
  const origin = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(new URL(String(chunk).match(/http:\/\/\S+/)[0]).origin));
    child.once('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
  });
  return { origin, received, stop: () => child.kill() };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
}

/** A fresh page (empty localStorage) that records every request and every script error. */
export async function openPage(t, browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready="true"]');
  t.after(async () => {
    const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:'));
    assert.deepEqual(foreign, [], 'requests outside the page origin');
    assert.deepEqual(errors, [], 'script errors on the page');
    await context.close();
  });
  return page;
}

/**
 * The server and browser of one test file, started before its tests and stopped after them;
 * returns the opener of fresh pages on them.
 */
export function pagesForThisFile() {
  let server;
  let browser;
  before(async () => { server = await startServer(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); server?.stop(); });
  return (t) => openPage(t, browser, server.origin);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's WCAG 2.1 A and AA violations on the page as it is now, as "rule: selectors"
 * lines. axe is evaluated through the DevTools protocol, so the page's CSP stays as it is.
 */
export async function accessibilityViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((result) => result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)), WCAG_21_AA);
  return violations;
}

/** Chooses a sample from the menu and waits until its text is in the editor. */
export async function chooseSample(page, id) {
  const { SAMPLES } = await import('../../www/samples.js');
  await page.selectOption('#samples', id);
  await page.waitForFunction((text) => document.getElementById('input').value === text, SAMPLES.find((s) => s.id === id).text);
}
