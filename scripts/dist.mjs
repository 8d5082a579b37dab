#!/usr/bin/env node
// Writes the page in www/ to dist/ as static files for any static host, under any sub-path
// (GitHub Pages serves a project at /<repo>/): every file the page loads, except index.html and
// the service worker, gets a content-hashed name, so a host or browser may cache it for ever
// and a deploy can never mix old and new files; and sw.js gets the list of them to precache.
//
//   node scripts/dist.mjs [--src DIR] [--out DIR]     (defaults: www, dist)
//
// The files are those index.html reaches: each text file is scanned for string literals that
// name another file (relative to the referencing file), which is how `import … from './x.js'`,
// `new URL('./batch-worker.js', import.meta.url)`, wasm-bindgen's
// `new URL('scim_preflight_bg.wasm', import.meta.url)` and `<link href>`/`<script src>` all
// appear. A file is written after everything it references, with those names already replaced by
// hashed ones, so its own hash covers them: a change anywhere renames every file that leads to it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';

const ENTRY = 'index.html';
const SERVICE_WORKER = 'sw.js';
const SERVICE_WORKER_META = `<meta name="scim-preflight-service-worker" content="${SERVICE_WORKER}">`;
const CSP_META = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;
const TEXT_FILE = /\.(html|js|mjs|css|json|svg|txt|webmanifest)$/;
/**
 * What a browser loads. Other names are not followed: wasm-bindgen's
 * `@ts-self-types="./scim_preflight.d.ts"` names a file only an editor reads.
 */
const WEB_FILE = /\.(js|mjs|css|wasm|json|svg|png|jpe?g|gif|webp|ico|woff2?|webmanifest|txt)$/;
/** A name the page loads as code: one that resolves to nothing is a broken page, not a word. */
const CODE_FILE = /\.(js|mjs|css|wasm)$/;
/**
 * A quoted string that could be a path, and whether a `:` follows it. Whitespace is not allowed
 * inside, so an apostrophe in a comment cannot open a "string" that swallows real code.
 */
const QUOTED_PATH = /(['"`])([\w@.\/-]+\.\w+)\1(\s*:)?/g;
const HASH_LENGTH = 8;
/** Of the service worker's version: it names caches that outlive many deploys. */
const VERSION_LENGTH = 16;

class DistError extends Error {}

function parseArguments(argv) {
  const repository = resolve(dirname(new URL(import.meta.url).pathname), '..');
  const options = { source: join(repository, 'www'), out: join(repository, 'dist') };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if ((flag !== '--src' && flag !== '--out') || value === undefined) throw new DistError(`usage: node scripts/dist.mjs [--src DIR] [--out DIR] (got ${argv.join(' ')})`);
    options[flag === '--src' ? 'source' : 'out'] = resolve(value);
  }
  return options;
}

const sha256 = (content) => createHash('sha256').update(content).digest('hex');

/** `pkg/scim_preflight_bg.wasm` -> `pkg/scim_preflight_bg.<hash>.wasm`. */
function hashedPath(path, content) {
  const hash = sha256(content).slice(0, HASH_LENGTH);
  return path.replace(/(\.[^./]+)$/, `.${hash}$1`);
}

function isFile(path) {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * Every quoted path in `text` (the file `file`, a path relative to the source root) that names
 * a file of the source, as { literal, target }. A code file named but missing, or named from the
 * root of the host (which breaks under a sub-path), stops the build.
 */
function referencesOf(source, file, text) {
  const references = [];
  for (const [, , literal, followedByColon] of text.matchAll(QUOTED_PATH)) {
    if (literal.includes('//')) continue;
    if (literal.startsWith('/')) {
      if (CODE_FILE.test(literal)) throw new DistError(`${file}: '${literal}' is a path from the host's root; it must be relative so the page works under any sub-path`);
      continue;
    }
    const target = posix.normalize(posix.join(posix.dirname(file), literal));
    // index.html and sw.js keep their names: a link to them needs no rewriting.
    if (!WEB_FILE.test(target) || target === ENTRY || target === SERVICE_WORKER) continue;
    if (!target.startsWith('../') && isFile(join(source, target))) {
      references.push({ literal, target });
    } else if (CODE_FILE.test(literal) && !followedByColon) {
      // An object key such as wasm-bindgen's import namespace "./scim_preflight_bg.js" is a
      // name, not a URL: the `:` after it is what tells them apart.
      throw new DistError(`${file}: '${literal}' names ${target}, which is not in ${source}`);
    }
  }
  return references;
}

/**
 * The files reachable from index.html, each after everything it references (leaves first), with
 * their contents and references. A cycle stops the build: no order would let each file's hash
 * cover the hashed names of the files it references.
 */
function filesInDependencyOrder(source) {
  const files = new Map();
  const order = [];
  const visiting = [];
  const visit = (file) => {
    if (visiting.includes(file)) throw new DistError(`a cycle of references: ${[...visiting.slice(visiting.indexOf(file)), file].join(' -> ')}`);
    if (files.has(file)) return;
    visiting.push(file);
    const content = readFileSync(join(source, file));
    const references = TEXT_FILE.test(file) ? referencesOf(source, file, content.toString('utf8')) : [];
    for (const { target } of references) visit(target);
    visiting.pop();
    files.set(file, { content, references });
    order.push(file);
  };
  visit(ENTRY);
  return order.map((file) => ({ file, ...files.get(file) }));
}

/** The text with each reference's last path segment replaced by its target's hashed name. */
function rewriteReferences(text, references, hashedNames) {
  const replacements = new Map(references.map(({ literal, target }) => [literal, literal.replace(/[^/]+$/, posix.basename(hashedNames.get(target)))]));
  return text.replace(QUOTED_PATH, (match, quote, literal) => (replacements.has(literal) ? match.replace(`${quote}${literal}${quote}`, `${quote}${replacements.get(literal)}${quote}`) : match));
}

/** Only the published page registers the service worker (see www/offline.js). */
function withServiceWorkerMeta(html) {
  const csp = html.match(CSP_META);
  if (!csp) throw new DistError(`${ENTRY} has no Content-Security-Policy <meta>: a static host cannot send the header, so the page would have no policy`);
  return html.replace(csp[0], `${csp[0]}\n  ${SERVICE_WORKER_META}`);
}

/** www/sw.js with its placeholders filled: what to precache, and the version that names the cache. */
function serviceWorker(source, precache, indexHtml) {
  // index.html keeps its name, so its content joins the list in the version: an edit to it
  // alone still installs a new worker, which caches the new copy for offline use.
  const version = sha256(JSON.stringify(precache) + indexHtml).slice(0, VERSION_LENGTH);
  const fill = (text, placeholder, value) => {
    if (text.split(placeholder).length !== 2) throw new DistError(`${SERVICE_WORKER} must contain ${placeholder} exactly once`);
    return text.replace(placeholder, () => value);
  };
  let text = readFileSync(join(source, SERVICE_WORKER), 'utf8');
  text = fill(text, "'__SCIM_PREFLIGHT_VERSION__'", JSON.stringify(version));
  text = fill(text, '/* __SCIM_PREFLIGHT_PRECACHE__ */ []', JSON.stringify(precache, null, 2));
  return { version, text };
}

/** The output files: path relative to the output root -> content. */
function build(source) {
  const hashedNames = new Map();
  const output = new Map();
  let indexHtml;
  for (const { file, content, references } of filesInDependencyOrder(source)) {
    const written = TEXT_FILE.test(file) ? Buffer.from(rewriteReferences(content.toString('utf8'), references, hashedNames)) : content;
    if (file === ENTRY) {
      indexHtml = withServiceWorkerMeta(written.toString('utf8'));
      continue;
    }
    hashedNames.set(file, hashedPath(file, written));
    output.set(hashedNames.get(file), written);
  }
  output.set(ENTRY, Buffer.from(indexHtml));
  // The scope's own URL too: that is the address people open.
  const precache = ['./', ENTRY, ...[...hashedNames.values()].sort()];
  const worker = serviceWorker(source, precache, indexHtml);
  output.set(SERVICE_WORKER, Buffer.from(worker.text));
  return { output, version: worker.version };
}

/** The output folder is emptied before it is written: never one that holds the source. */
function assertSafeToEmpty(out, source) {
  const inside = (child, parent) => child === parent || child.startsWith(parent + sep);
  if (inside(source, out)) throw new DistError(`refusing to empty ${out}: it holds the source ${source}`);
}

function write(out, output) {
  rmSync(out, { recursive: true, force: true });
  for (const [path, content] of output) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), content);
  }
}

function main() {
  try {
    const { source, out } = parseArguments(process.argv.slice(2));
    assertSafeToEmpty(out, source);
    const { output, version } = build(source);
    write(out, output);
    const bytes = [...output.values()].reduce((sum, content) => sum + content.length, 0);
    const shown = relative(process.cwd(), out);
    console.log(`${shown.startsWith('..') ? out : shown}/: ${output.size} files, ${Math.round(bytes / 1024)} KiB, service worker version ${version}`);
  } catch (error) {
    if (!(error instanceof DistError) && error.code !== 'ENOENT') throw error;
    console.error(`dist: ${error.message}`);
    process.exit(1);
  }
}

main();
