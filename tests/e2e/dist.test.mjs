// The published page (scripts/dist.mjs): built here from www/ into a temporary folder, deployed
// under a sub-path of a static server, it loads with hashed names and no failed request, checks
// offline once its service worker has cached it, and takes a new deploy at once when online
// while a tab still open on the old version keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { launchBrowser, startServer } from './harness.mjs';

const REPOSITORY = new URL('../..', import.meta.url).pathname;
const HASHED = /\.[0-9a-f]{8}\.\w+$/;
const KOREA = JSON.stringify({ profile: { login: 'kim@example.com', firstName: 'Kim', lastName: 'Park', countryCode: 'Korea, Republic of' } });
const NDJSON = `${[1, 2, 3].map((i) => JSON.stringify({ login: `user${i}@example.com`, firstName: `User${i}`, lastName: 'Example', email: `user${i}@example.com`, countryCode: 'US' })).join('\n')}\n`;

let work;
let server;
let browser;
const builds = {};

/** Runs scripts/dist.mjs; returns the output folder and its service worker's version. */
function dist(source, out) {
  execFileSync('node', ['scripts/dist.mjs', '--src', source, '--out', out], { cwd: REPOSITORY, stdio: 'pipe' });
  const version = readFileSync(join(out, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+)";/)[1];
  return { out, version, files: filesUnder(out) };
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name))).sort();
}

/** Replaces what is deployed at `path` (under the served root) as a deploy would: old files go. */
function deploy(build, path) {
  const target = join(work, 'site', path);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(build.out, target, { recursive: true });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'scim-preflight-dist-'));
  builds.first = dist(join(REPOSITORY, 'www'), join(work, 'first'));
  // The second version differs only in batch-worker.js, which the page loads lazily: a tab
  // still open on the first version must find the first one's worker after the deploy.
  cpSync(join(REPOSITORY, 'www'), join(work, 'www-second'), { recursive: true });
  appendFileSync(join(work, 'www-second', 'batch-worker.js'), '\n// the second deploy\n');
  builds.second = dist(join(work, 'www-second'), join(work, 'second'));
  appendFileSync(join(work, 'www-second', 'samples.js'), '\n// the third deploy\n');
  builds.third = dist(join(work, 'www-second'), join(work, 'third'));
  mkdirSync(join(work, 'site'));
  server = await startServer({ root: join(work, 'site') });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * The service worker trying the network while offline (for a page, which it asks the network
 * first): it then answers from its cache. A file the cache lacked would fail the page's own
 * request too, and that is not excused.
 */
function offlineTry(request) {
  return request.serviceWorker() !== null && request.failure()?.errorText === 'net::ERR_INTERNET_DISCONNECTED';
}

/**
 * A fresh context (its own service workers and caches) and a page in it at `path`, ready. Fails
 * the test on a request outside the origin, a response of 400 or more or a failed request (the
 * service worker's own included), or a script error or console warning in any of its pages.
 */
async function openPage(t, path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const requests = [];
  const failures = [];
  const errors = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('response', (response) => { if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`); });
  context.on('requestfailed', (request) => { if (!offlineTry(request)) failures.push(`${request.failure()?.errorText} ${request.url()}`); });
  context.on('page', (page) => {
    page.on('pageerror', (error) => errors.push(error.message));
    // A policy violation or a refused registration is only a console message. The page has no
    // icon: Chromium's own try at /favicon.ico, at the host's root, is not the page's request.
    page.on('console', (message) => {
      if ((message.type() === 'error' || message.type() === 'warning') && !message.location().url.endsWith('/favicon.ico')) errors.push(`${message.text()} ${message.location().url}`);
    });
  });
  const page = await context.newPage();
  await page.goto(`${server.origin}/${path}`);
  await page.waitForSelector('body[data-ready="true"]');
  t.after(async () => {
    await context.close();
    assert.deepEqual(requests.filter((url) => !url.startsWith(`${server.origin}/`) && !url.startsWith('blob:')), [], 'requests outside the page origin');
    assert.deepEqual(failures, [], 'failed requests');
    assert.deepEqual(errors, [], 'script errors and console warnings on the page');
  });
  return { context, page, loaded: () => requests.map((url) => new URL(url).pathname) };
}

/** Waits until the service worker has precached the page and controls it. */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * Runs in the page: sets window.newWorkerActivated once a newer service worker has activated,
 * that is, has deleted the caches it does not keep and taken over the page.
 */
async function watchForANewWorker() {
  const registration = await navigator.serviceWorker.ready;
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker.addEventListener('statechange', () => { if (worker.state === 'activated') window.newWorkerActivated = true; });
  });
}

async function reload(page) {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
}

async function checksAProfile(page) {
  await page.fill('#input', KOREA);
  await page.waitForFunction(() => document.getElementById('diagnostics').textContent.includes('Suggested: "KR"'));
  assert.match(await page.textContent('#summary'), /errors?/);
}

async function checksABatch(page) {
  await page.setInputFiles('#open-batch', { name: 'users.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(NDJSON) });
  await page.waitForFunction(() => document.getElementById('batch-status').textContent.startsWith('Checked'));
}

/** The hashed files index.html names (scripts, styles, preloads), relative to it. */
function namedByIndex(build) {
  const html = readFileSync(join(build.out, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]).filter((name) => HASHED.test(name));
}

test('every file but index.html and sw.js has a hashed name, and index.html keeps its policy', () => {
  const { files } = builds.first;
  assert.deepEqual(files.filter((file) => !HASHED.test(file)), ['index.html', 'sw.js']);
  for (const wanted of [/^app\./, /^batch-worker\./, /^style\..*\.css$/, /^pkg\/scim_preflight_bg\..*\.wasm$/, /^pkg\/snippets\/.*\/simulations\./]) {
    assert.ok(files.some((file) => wanted.test(file)), `${wanted} in ${files.join(', ')}`);
  }
  assert.equal(files.some((file) => /\.d\.|package\.json|README|LICENSE|\.gitignore/.test(file)), false, 'only what the page loads');
  const html = readFileSync(join(builds.first.out, 'index.html'), 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'self';[^"]*worker-src 'self'/);
  assert.match(html, /<meta name="scim-preflight-service-worker" content="sw.js">/);
  assert.doesNotMatch(readFileSync(join(REPOSITORY, 'www', 'index.html'), 'utf8'), /scim-preflight-service-worker/, 'www/ registers no worker');
  assert.equal(html.match(/(?:href|src)="\//), null, 'every URL relative');
  // A change to a file the page loads late still renames every file that leads to it.
  const renamed = (name) => builds.first.files.find((file) => file.startsWith(name)) !== builds.second.files.find((file) => file.startsWith(name));
  assert.deepEqual(['batch-worker.', 'batch.', 'app.', 'samples.', 'pkg/scim_preflight.'].map(renamed), [true, true, true, false, false]);
});

/**
 * The requests of the page itself: the browser's own check of sw.js for a new worker bypasses
 * the worker, and its log line can arrive just after the context goes offline.
 */
const pageRequests = (paths) => paths.filter((path) => !path.endsWith('/sw.js'));

/** Offline, the page reloads and checks a profile and a batch, and the server sees none of it. */
async function checksOffline(context, page) {
  await context.setOffline(true);
  const before = server.received.length;
  await reload(page);
  await checksAProfile(page);
  await checksABatch(page);
  assert.deepEqual(pageRequests(server.received.slice(before)), [], 'the server saw no request of the page while offline');
}

test('the page served under a sub-path loads every file and checks', async (t) => {
  deploy(builds.first, 'some/sub/path');
  const { page, loaded } = await openPage(t, 'some/sub/path/');
  await checksAProfile(page);
  for (const name of namedByIndex(builds.first)) assert.ok(loaded().includes(`/some/sub/path/${name}`), `${name} loaded`);
});

test('after the first visit the page checks offline, a batch too', async (t) => {
  deploy(builds.first, 'offline/sub/path');
  const { context, page } = await openPage(t, 'offline/sub/path/');
  await controlled(page);
  assert.ok(server.received.some((path) => path.startsWith('/offline/sub/path/')), 'the access log is read (online, the server saw the page)');
  await checksOffline(context, page);
});

test('a new deploy is seen at once; a tab still on the old one keeps working', async (t) => {
  const path = 'update/sub/path';
  deploy(builds.first, path);
  const { context, page: oldTab, loaded } = await openPage(t, `${path}/`);
  await controlled(oldTab);
  await oldTab.evaluate(watchForANewWorker);

  deploy(builds.second, path);
  // Another tab opens the new deploy; its service worker takes over the old tab too.
  const newTab = await context.newPage();
  await newTab.goto(`${server.origin}/${path}/`);
  await newTab.waitForSelector('body[data-ready="true"]');
  const newApp = builds.second.files.find((file) => file.startsWith('app.'));
  assert.ok(loaded().includes(`/${path}/${newApp}`), 'the new deploy is loaded at once, while the old worker is still in charge');
  await oldTab.waitForFunction(() => window.newWorkerActivated === true);
  // Cache names carry the worker's scope, so another copy of the page on this origin keeps its own.
  const cacheName = (name) => `scim-preflight ${server.origin}/${path}/ ${name}`;
  const caches = await newTab.evaluate(() => caches.keys());
  assert.deepEqual(caches.sort(), [cacheName(builds.first.version), cacheName(builds.second.version), cacheName('record')].sort());

  // The old tab's batch worker is gone from the server: it comes from the previous version's cache.
  const oldWorker = builds.first.files.find((file) => file.startsWith('batch-worker.'));
  await checksABatch(oldTab);
  assert.ok(loaded().includes(`/${path}/${oldWorker}`), 'the old tab ran its own worker');

  const loadedBefore = loaded().length;
  await reload(oldTab);
  const reloaded = loaded().slice(loadedBefore);
  for (const name of namedByIndex(builds.second)) assert.ok(reloaded.includes(`/${path}/${name}`), `${name} of the new deploy loaded`);
  const onlyInFirst = builds.first.files.filter((file) => !builds.second.files.includes(file) && HASHED.test(file));
  assert.deepEqual(reloaded.filter((url) => onlyInFirst.some((file) => url.endsWith(`/${file}`))), [], 'nothing of the old deploy');
  await checksAProfile(oldTab);

  await checksOffline(context, oldTab);

  // A third deploy: the first version's cache goes; the second's stays for tabs still on it.
  await context.setOffline(false);
  await oldTab.evaluate(watchForANewWorker);
  deploy(builds.third, path);
  await reload(newTab);
  await oldTab.waitForFunction(() => window.newWorkerActivated === true);
  const kept = await newTab.evaluate(() => caches.keys());
  assert.deepEqual(kept.filter((name) => name.startsWith(cacheName(''))).sort(), [cacheName(builds.second.version), cacheName(builds.third.version), cacheName('record')].sort());
});
