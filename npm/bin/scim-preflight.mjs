#!/usr/bin/env node
// The scim-preflight command line: checks files (or standard input) and reports like a
// compiler. NDJSON is streamed through BatchChecker as bytes, 64 KB of whole lines at a time,
// so a file of any size is checked without reading it whole; other formats are read whole, and
// so are the users of a simulation (--mapping), which the core reads in one call.
import { readFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { once } from 'node:events';

const require = createRequire(import.meta.url);
const { validate, simulate, limits, BatchChecker } = require('../node/scim_preflight.js');
const { version } = require('../package.json');

const USAGE = `usage: scim-preflight [options] [FILE...]

Checks Okta user profiles, SCIM bodies, Okta app user schemas and batches (JSON array,
SCIM ListResponse, NDJSON, CSV) against Dialpad's provisioning rules.
Reads standard input when no FILE is given, or where FILE is "-".

options:
  --format text|json   compiler-style lines (the default), or the Report of each input as JSON
  --offices FILE       the account's offices as a JSON array: adds office resolution and capacity
  --kind KIND          read every record as okta-user, scim-user, scim-patch or app-schema
  --mapping FILE       simulate: run each Okta user through this Okta -> Dialpad mapping (Okta's
                       Profile Mappings API object) and check the SCIM request Okta will send
  --schema FILE        with --mapping: the Dialpad app's user schema (Okta Schemas API)
  --groups FILE        with --mapping: { "<login>": ["<group>", ...] } for the group functions
  -h, --help           show this help
  --version            show the version

exit status: 0 when no record has an error, 1 when any has, 2 on a usage or file error`;

class UsageError extends Error {}

function parseArgs(argv) {
  const args = { format: 'text', offices: null, kind: null, mapping: null, schema: null, groups: null, files: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      i += 1;
      return next;
    };
    if (arg === '-h' || arg === '--help') args.help = true;
    else if (arg === '--version') args.version = true;
    else if (arg === '--format') args.format = value();
    else if (arg.startsWith('--format=')) args.format = arg.slice('--format='.length);
    else if (arg === '--offices') args.offices = value();
    else if (arg === '--kind') args.kind = value();
    else if (arg === '--mapping') args.mapping = value();
    else if (arg === '--schema') args.schema = value();
    else if (arg === '--groups') args.groups = value();
    else if (arg.startsWith('--') || (arg.startsWith('-') && arg !== '-')) throw new UsageError(`unknown option ${arg}`);
    else args.files.push(arg);
  }
  if (!['text', 'json'].includes(args.format)) throw new UsageError(`--format must be text or json, not ${args.format}`);
  if (!args.mapping && (args.schema || args.groups)) throw new UsageError('--schema and --groups go with --mapping');
  if (args.mapping && args.kind) throw new UsageError('--kind does not go with --mapping: the users are read as Okta users');
  if (args.files.length === 0) args.files.push('-');
  return args;
}

function readText(path, what) {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} file ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
}

function readJson(path, what) {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the ${what} file ${path} is not JSON: ${error.message}`);
  }
}

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const SEVERITY_COLOR = { error: '1;31', warning: '1;33', info: '1;36' };

async function write(text) {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

function formatDiagnostic(name, d) {
  const where = d.line ? `${name}:${d.line}:${d.column}` : name;
  const head = `${paint('1', `${where}:`)} ${paint(SEVERITY_COLOR[d.severity], `${d.severity}[${d.code}]`)}: ${d.message}\n`;
  return d.hint ? `${head}  ${paint('2', `hint: ${d.hint}`)}\n` : head;
}

/** Pieces of about this many bytes cross into wasm at a time: small enough that each piece's
 * results are garbage V8 collects young (1 MB pieces grew its heap by 15 MB more). */
const PIECE_BYTES = 1 << 16;
/** Enough of an input to tell NDJSON from the other formats. */
const SNIFF_BYTES = 64 * 1024;

/** Reads an input into a caller's buffer: `read(target)` fills the start of `target` and
 * gives the number of bytes, 0 at the end. A file is read straight into the buffer, so
 * streaming makes no garbage for V8 to collect; standard input is copied from its chunks. A
 * file that cannot be opened fails here, before any output, with the reason. */
async function openInput(path) {
  if (path === '-') {
    const chunks = process.stdin[Symbol.asyncIterator]();
    let left = new Uint8Array(0);
    return {
      async read(target) {
        if (left.length === 0) {
          const step = await chunks.next();
          if (step.done) return 0;
          left = step.value;
        }
        const count = Math.min(left.length, target.length);
        target.set(left.subarray(0, count));
        left = left.subarray(count);
        return count;
      },
      close() {},
    };
  }
  if ((await stat(path)).isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
  const handle = await open(path);
  return {
    read: async (target) => (await handle.read(target, 0, target.length, null)).bytesRead,
    close: () => handle.close(),
  };
}

/** A growable byte buffer over an input: `fill(want)` reads until it holds `want` bytes or
 * the input ends, `take(count)` drops bytes from the front once they are pushed. */
class Pending {
  constructor(input) {
    this.input = input;
    this.bytes = new Uint8Array(PIECE_BYTES * 2);
    this.length = 0;
    this.ended = false;
  }

  async fill(want) {
    if (want > this.bytes.length) {
      const larger = new Uint8Array(Math.max(want, this.bytes.length * 2));
      larger.set(this.view());
      this.bytes = larger;
    }
    while (this.length < want && !this.ended) {
      const count = await this.input.read(this.bytes.subarray(this.length));
      this.length += count;
      this.ended = count === 0;
    }
  }

  view() {
    return this.bytes.subarray(0, this.length);
  }

  take(count) {
    this.bytes.copyWithin(0, count, this.length);
    this.length -= count;
  }
}

function looksLikeNdjson(text) {
  const [first, second] = text.split('\n').filter((line) => line.trim() !== '');
  if (second === undefined || !second.trimStart().startsWith('{')) return false;
  try {
    const value = JSON.parse(first);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Reads an input whole, as text. */
async function readWhole(pending) {
  for (let want = PIECE_BYTES; !pending.ended; want = pending.bytes.length * 2) await pending.fill(want);
  return new TextDecoder().decode(pending.view());
}

/** Checks one input; returns its counts. Output is written as it goes. */
async function checkInput(path, options, format, separator, mapping) {
  const name = path === '-' ? '<stdin>' : path;
  const input = await openInput(path);
  try {
    const pending = new Pending(input);
    if (mapping) return await simulateInput(name, await readWhole(pending), options, format, separator, mapping);
    await pending.fill(SNIFF_BYTES);
    if (looksLikeNdjson(new TextDecoder().decode(pending.view().subarray(0, SNIFF_BYTES)))) {
      return await checkNdjson(name, pending, options, format, separator);
    }
    const report = validate(await readWhole(pending), options);
    if (format === 'json') await write(`${separator}${JSON.stringify({ file: name, ...report })}`);
    else await write(report.diagnostics.map((d) => formatDiagnostic(name, d)).join(''));
    return { ...report.counts, records: report.kind === 'batch' ? null : 1 };
  } finally {
    await input.close();
  }
}

/** Streams NDJSON into a BatchChecker as bytes, about a megabyte of whole lines at a time. */
async function checkNdjson(name, pending, options, format, separator) {
  // The command line prints diagnostics only: rows would be built and parsed for nothing.
  const checker = new BatchChecker({ ...options, rows: false });
  let first = true;
  if (format === 'json') await write(`${separator}{"file":${JSON.stringify(name)},"kind":"batch","diagnostics":[`);
  const push = async (bytes) => {
    const chunk = checker.pushNdjson(bytes);
    if (format === 'json') {
      const items = chunk.diagnostics.map((d) => JSON.stringify(d));
      if (items.length > 0) await write(`${first ? '' : ','}${items.join(',')}`);
      if (items.length > 0) first = false;
    } else {
      await write(chunk.diagnostics.map((d) => formatDiagnostic(name, d)).join(''));
    }
  };
  let want = PIECE_BYTES;
  for (;;) {
    await pending.fill(want);
    if (pending.ended) break;
    const cut = pending.view().lastIndexOf(0x0a) + 1;
    // A line longer than a piece waits for its end, up to the limit of one call.
    if (cut === 0 && pending.length < limits().maxBytes) {
      want = pending.length * 2;
      continue;
    }
    const end = cut === 0 ? pending.length : cut;
    await push(pending.view().subarray(0, end));
    pending.take(end);
    want = PIECE_BYTES;
  }
  if (pending.length > 0) await push(pending.view());
  const summary = checker.finish();
  if (format === 'json') {
    const tail = summary.diagnostics.map((d) => JSON.stringify(d));
    await write(`${tail.length > 0 ? `${first ? '' : ','}${tail.join(',')}` : ''}],"counts":${JSON.stringify(summary.counts)},"ok":${summary.counts.error === 0},"records":${summary.records}}`);
  } else {
    await write(summary.diagnostics.map((d) => formatDiagnostic(name, d)).join(''));
  }
  return { ...summary.counts, records: summary.records };
}

/** Runs an input's Okta users through the mapping and prints what is found: about the mapping
 * at its file's lines (each finding once, with how many users it concerns), about each user at
 * the input's lines, and about each SCIM body by record and JSON Pointer. */
async function simulateInput(name, text, options, format, separator, mapping) {
  const result = simulate(text, mapping.text, options);
  const simulations = Array.isArray(result) ? result : [result];
  const counts = { error: 0, warning: 0, info: 0 };
  const seen = new Map();
  const lines = [];
  for (const simulation of simulations) {
    for (const d of simulation.diagnostics) {
      const key = `${d.code}\0${d.line}\0${d.column}\0${d.message}`;
      if (seen.has(key)) { seen.get(key).users += 1; continue; }
      const entry = { d, users: 1 };
      seen.set(key, entry);
      lines.push(entry);
    }
    for (const d of simulation.userDiagnostics) lines.push({ d, input: true });
    for (const d of simulation.report?.diagnostics ?? []) lines.push({ d, simulation });
  }
  for (const { d } of lines) counts[d.severity] += 1;
  if (format === 'json') {
    await write(`${separator}${JSON.stringify({ file: name, mapping: mapping.name, simulations: result })}`);
  } else {
    const out = lines.map(({ d, users, input, simulation }) => {
      if (simulation) {
        const who = simulation.record === undefined ? '' : `record ${simulation.record}${simulation.login ? ` (${simulation.login})` : ''}, `;
        return formatDiagnostic(`${name}: ${who}SCIM body ${d.path}`, { ...d, line: undefined });
      }
      const shown = users > 1 ? { ...d, message: `${d.message} (${plural(users, 'user')})` } : d;
      return formatDiagnostic(input ? name : mapping.name, shown);
    });
    await write(out.join(''));
  }
  return { ...counts, records: simulations.length };
}

function plural(count, word) {
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`scim-preflight: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) { await write(`${USAGE}\n`); return 0; }
  if (args.version) { await write(`scim-preflight ${version}\n`); return 0; }
  const options = {};
  let mapping = null;
  try {
    if (args.offices) options.offices = readJson(args.offices, 'offices');
    if (args.kind) options.kind = args.kind;
    validate('{}', options); // the core explains a bad --kind or offices file
    if (args.mapping) {
      mapping = { name: args.mapping, text: readText(args.mapping, 'mapping') };
      if (args.schema) options.schema = readText(args.schema, 'schema');
      if (args.groups) options.groups = readJson(args.groups, 'groups');
      simulate('{}', '{}', options); // the core explains a bad schema or groups file
    }
  } catch (error) {
    process.stderr.write(`scim-preflight: ${error.message}\n`);
    return 2;
  }
  const total = { error: 0, warning: 0, info: 0, records: 0, files: 0 };
  let fileError = false;
  const many = args.format === 'json' && args.files.length > 1;
  if (many) await write('[');
  for (const path of args.files) {
    try {
      const separator = many && total.files > 0 ? ',' : '';
      const counts = await checkInput(path, options, args.format, separator, mapping);
      total.files += 1;
      for (const key of ['error', 'warning', 'info']) total[key] += counts[key];
      total.records += counts.records ?? 0;
    } catch (error) {
      fileError = true;
      const reason = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'it is a directory' : error.message;
      process.stderr.write(`scim-preflight: cannot read ${path}: ${reason}\n`);
    }
  }
  if (many) await write(']');
  if (args.format === 'json') await write('\n');
  else if (total.files > 0) {
    const counted = mapping ? `${plural(total.records, 'user')} simulated` : plural(total.records, 'record');
    const records = total.records > 0 ? `, ${counted}` : '';
    const line = `${plural(total.files, 'input')}${records}: ${plural(total.error, 'error')}, ${plural(total.warning, 'warning')}, ${plural(total.info, 'note')}`;
    await write(`${paint(total.error > 0 ? '1;31' : '1;32', line)}\n`);
  }
  if (fileError) return 2;
  return total.error > 0 ? 1 : 0;
}

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main();
