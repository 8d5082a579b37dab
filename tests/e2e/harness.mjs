// Shared set-up of the end-to-end tests: the page served on loopback by scripts/serve.py,
// Debian's Chromium through playwright-core, and pages that fail a test on any request
// outside their origin or any script error.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function startServer() {
  const child = spawn('python3', ['scripts/serve.py'], { env: { ...process.env, PORT: '0', QUIET: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(new URL(String(chunk).match(/http:\/\/\S+/)[0]).origin));
    child.once('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
  });
  return { origin, stop: () => child.kill() };
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
