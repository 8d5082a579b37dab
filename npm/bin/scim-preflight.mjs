#!/usr/bin/env node
// The scim-preflight command line: checks files, directories, globs (or standard input) and
// reports like a compiler, or as JSON, SARIF, JUnit XML or GitHub annotations (../cli/). NDJSON
// is streamed through BatchChecker as bytes, 64 KB at a time, so a file of any size is checked
// without reading it whole; other formats are read whole, and so are the users of a
// simulation (--mapping), which the core reads in one call.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { once } from 'node:events';
import { expandInputs } from '../cli/inputs.mjs';
import { UsageError, SEVERITY_RANK, findConfig, readConfig, resolvePolicy, isIgnored, isShown, fails } from '../cli/config.mjs';
import { createReporter } from '../cli/reporters.mjs';
import { unifiedDiff } from '../cli/diff.mjs';

const require = createRequire(import.meta.url);
const { validate, simulate, applySuggestions, rules, BatchChecker } = require('../node/scim_preflight.js');
const { version } = require('../package.json');

const USAGE = `usage: scim-preflight [options] [FILE | DIRECTORY | GLOB ...]

Checks Okta user profiles, SCIM bodies, Okta app user schemas and batches (JSON array,
SCIM ListResponse, NDJSON, CSV) against Dialpad's provisioning rules.
Reads standard input when no input is given, or where one is "-". A directory is searched
for .json, .ndjson, .jsonl and .csv files; a quoted glob ('exports/**/*.csv') is expanded.

options:
  --format FORMAT      text (compiler-style lines, the default), json (each input's Report),
                       sarif (SARIF 2.1.0, for GitHub code scanning), junit (JUnit XML, for
                       GitLab, Jenkins, Azure) or github (GitHub Actions annotations)
  --fail-on LEVEL      exit 1 when a finding of LEVEL or worse remains: error (the default),
                       warning or info
  --ignore CODE        leave out the findings of a rule (repeatable); a prefix such as
                       "attribute." leaves out a whole family
  --quiet              print only errors (--fail-on still counts every finding not ignored)
  --config FILE        the policy from FILE rather than the nearest scim-preflight.json or
                       package.json "scimPreflight": { "failOn", "ignore", "quiet" }
  --fix                write every certain suggestion into each file, then report what remains
  --fix-dry-run        print the fixes as a unified diff instead of writing them
  --offices FILE       the account's offices as a JSON array: adds office resolution and capacity
  --kind KIND          read every record as okta-user, scim-user, scim-patch or app-schema
  --mapping FILE       simulate: run each Okta user through this Okta -> Dialpad mapping (Okta's
                       Profile Mappings API object) and check the SCIM request Okta will send
  --schema FILE        with --mapping: the Dialpad app's user schema (Okta Schemas API)
  --groups FILE        with --mapping: { "<login>": ["<group>", ...] } for the group functions
  -h, --help           show this help
  --version            show the version

Colours follow NO_COLOR, FORCE_COLOR and whether the output is a terminal.
exit status: 0 when no finding at --fail-on's level remains, 1 when one does, 2 on a usage or
file error`;

const FORMATS = ['text', 'json', 'sarif', 'junit', 'github'];
const BOOLEAN_FLAGS = ['--help', '--version', '--quiet', '--fix', '--fix-dry-run'];

function parseArgs(argv) {
  const args = { format: 'text', offices: null, kind: null, mapping: null, schema: null, groups: null, failOn: null, ignore: [], quiet: false, config: null, fix: false, fixDryRun: false, files: [] };
  const flags = { '--offices': 'offices', '--kind': 'kind', '--mapping': 'mapping', '--schema': 'schema', '--groups': 'groups', '--fail-on': 'failOn', '--config': 'config', '--format': 'format' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      i += 1;
      return next;
    };
    if (inline !== undefined && BOOLEAN_FLAGS.includes(name)) throw new UsageError(`${name} takes no value (give it or leave it out)`);
    if (name === '-h' || name === '--help') args.help = true;
    else if (name === '--version') args.version = true;
    else if (name === '--quiet') args.quiet = true;
    else if (name === '--fix') args.fix = true;
    else if (name === '--fix-dry-run') args.fixDryRun = true;
    else if (name === '--ignore') args.ignore.push(value());
    else if (flags[name]) args[flags[name]] = value();
    else if (name.startsWith('--') || (name.startsWith('-') && name !== '-')) throw new UsageError(`unknown option ${name}`);
    else args.files.push(arg);
  }
  if (!FORMATS.includes(args.format)) throw new UsageError(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not ${args.format}`);
  if (args.failOn !== null && !(args.failOn in SEVERITY_RANK)) throw new UsageError(`--fail-on must be error, warning or info, not ${args.failOn}`);
  if (!args.mapping && (args.schema || args.groups)) throw new UsageError('--schema and --groups go with --mapping');
  if (args.mapping && args.kind) throw new UsageError('--kind does not go with --mapping: the users are read as Okta users');
  if (args.fix && args.fixDryRun) throw new UsageError('--fix and --fix-dry-run do not go together');
  if ((args.fix || args.fixDryRun) && args.mapping) throw new UsageError('--fix does not go with --mapping: fix the mapping itself (its findings say where)');
  if (args.files.length === 0) args.files.push('-');
  if (args.fix && args.files.includes('-')) throw new UsageError('--fix writes fixes into files: give the files (or use --fix-dry-run with standard input)');
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

/** Colours: FORCE_COLOR (not "0" or "false") forces them, NO_COLOR turns them off, otherwise a terminal has them. */
function colours() {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR) return false;
  return Boolean(process.stdout.isTTY);
}
const useColor = colours();
const paint = (code, text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);

async function write(text) {
  if (text && !process.stdout.write(text)) await once(process.stdout, 'drain');
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

/** Reads an input whole, as bytes (a view of the buffer). */
async function readBytes(pending) {
  for (let want = PIECE_BYTES; !pending.ended; want = pending.bytes.length * 2) await pending.fill(want);
  return pending.view();
}

/** Reads an input whole, as text. */
const readWhole = async (pending) => new TextDecoder().decode(await readBytes(pending));

/**
 * Where a finding ends, for SARIF regions and GitHub annotations: found in the text when the
 * input was read whole; an NDJSON record is one line, so there its end is on its line.
 */
function endOf(d, text) {
  if (!d.line || !d.range) return null;
  const [start, end] = d.range;
  if (text === null) return { line: d.line, column: d.column + (end - start) };
  const inside = text.slice(start, end);
  const lastNewline = inside.lastIndexOf('\n');
  if (lastNewline === -1) return { line: d.line, column: d.column + (end - start) };
  return { line: d.line + inside.split('\n').length - 1, column: end - (start + lastNewline) };
}

/**
 * A run over every input: the policy applied to each finding (ignored ones dropped, quiet
 * ones counted but not printed), the reporter fed, the totals kept.
 */
class Run {
  constructor(policy, reporter) {
    this.policy = policy;
    this.reporter = reporter;
    this.total = { error: 0, warning: 0, info: 0, records: 0, files: 0 };
  }

  /** Keeps the findings not ignored; returns them. */
  keep(diagnostics) {
    return diagnostics.filter((d) => !isIgnored(this.policy, d.code));
  }

  /** Counts the findings and prints those shown, in one write per piece. */
  async report(findings) {
    let out = '';
    for (const finding of findings) {
      if (isIgnored(this.policy, finding.d.code)) continue;
      this.total[finding.d.severity] += 1;
      if (isShown(this.policy, finding.d)) out += this.reporter.finding(finding);
    }
    await write(out);
  }
}

/** Checks one input (its text when already read, as --fix does). */
async function checkInput(run, path, options, mapping, knownText = null) {
  const name = path === '-' ? '<stdin>' : path;
  if (knownText !== null) return checkText(run, name, knownText, options, mapping);
  const input = await openInput(path);
  try {
    const pending = new Pending(input);
    if (mapping) return await checkText(run, name, await readWhole(pending), options, mapping);
    await pending.fill(SNIFF_BYTES);
    if (looksLikeNdjson(new TextDecoder().decode(pending.view().subarray(0, SNIFF_BYTES)))) return await checkNdjson(run, name, pending, options);
    return await checkText(run, name, await readWhole(pending), options, null);
  } finally {
    await input.close();
  }
}

async function checkText(run, name, text, options, mapping) {
  if (mapping) return simulateInput(run, name, text, options, mapping);
  if (run.json) return jsonReport(run, name, validate(text, options));
  // Through a BatchChecker, as NDJSON is: a row per record, for JUnit's testcases.
  const checker = new BatchChecker(options);
  const chunk = looksLikeNdjson(text) ? checker.pushNdjson(text) : checker.pushText(text);
  const summary = checker.finish();
  const rows = [...chunk.records, ...summary.last.records];
  const diagnostics = [...chunk.diagnostics, ...summary.last.diagnostics, ...summary.diagnostics];
  await run.report(diagnostics.map((d) => ({ d, file: name, end: endOf(d, text), record: d.record })));
  // A record read alone (not a batch) has no index: its testcase is the input's own.
  const single = rows.length === 1 && diagnostics.every((d) => d.record === undefined) ? [{ ...rows[0], record: undefined }] : rows;
  run.reporter.input({ name, rows: single });
  return summary.records;
}

/** --format json: the input's Report, with the ignored findings left out. */
async function jsonReport(run, name, report) {
  const diagnostics = run.keep(report.diagnostics);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity] += 1;
  for (const severity of Object.keys(counts)) run.total[severity] += counts[severity];
  const shown = diagnostics.filter((d) => isShown(run.policy, d));
  await write(`${run.separator()}${JSON.stringify({ file: name, ...report, ok: counts.error === 0, counts, diagnostics: shown })}`);
  // JSON prints no total line; a Report does not say how many records a batch held.
  return report.kind === 'batch' ? 0 : 1;
}

/** Streams NDJSON into a BatchChecker as bytes, 64 KB at a time; the checker keeps a line cut
 * by a piece until its end comes. */
async function checkNdjson(run, name, pending, options) {
  // Rows only for JUnit's testcases: otherwise they would be built and parsed for nothing.
  const checker = new BatchChecker({ ...options, rows: run.rows });
  const rows = [];
  let first = true;
  if (run.json) await write(`${run.separator()}{"file":${JSON.stringify(name)},"kind":"batch","diagnostics":[`);
  const counts = { error: 0, warning: 0, info: 0 };
  const push = async (chunk) => {
    if (run.rows) for (const row of chunk.records) rows.push({ record: row.record, line: row.line, login: row.login });
    if (run.json) {
      const kept = run.keep(chunk.diagnostics);
      for (const d of kept) counts[d.severity] += 1;
      const items = kept.filter((d) => isShown(run.policy, d)).map((d) => JSON.stringify(d));
      if (items.length > 0) await write(`${first ? '' : ','}${items.join(',')}`);
      if (items.length > 0) first = false;
    } else {
      await run.report(chunk.diagnostics.map((d) => ({ d, file: name, end: endOf(d, null), record: d.record })));
    }
  };
  for (;;) {
    await pending.fill(PIECE_BYTES);
    if (pending.length === 0) break;
    await push(checker.pushNdjson(pending.view()));
    pending.take(pending.length);
  }
  const summary = checker.finish();
  await push(summary.last);
  await push({ records: [], diagnostics: summary.diagnostics });
  if (run.json) {
    for (const severity of Object.keys(counts)) run.total[severity] += counts[severity];
    await write(`],"counts":${JSON.stringify(counts)},"ok":${counts.error === 0},"records":${summary.records}}`);
  } else {
    run.reporter.input({ name, rows });
  }
  return summary.records;
}

/** Runs an input's Okta users through the mapping: findings about the mapping at its file's
 * lines (each once, with how many users it concerns), about each user at the input's lines,
 * and about each SCIM body by record and JSON Pointer. */
async function simulateInput(run, name, text, options, mapping) {
  const result = simulate(text, mapping.text, options);
  const simulations = Array.isArray(result) ? result : [result];
  if (run.json) {
    const kept = simulations.flatMap((s) => [...s.diagnostics, ...s.userDiagnostics, ...(s.report?.diagnostics ?? [])]);
    for (const d of run.keep(kept)) run.total[d.severity] += 1;
    await write(`${run.separator()}${JSON.stringify({ file: name, mapping: mapping.name, simulations: result })}`);
    return simulations.length;
  }
  const seen = new Map();
  const findings = [];
  for (const simulation of simulations) {
    for (const d of simulation.diagnostics) {
      const key = `${d.code}\0${d.line}\0${d.column}\0${d.message}`;
      if (seen.has(key)) { seen.get(key).users += 1; continue; }
      const finding = { d, file: mapping.name, end: endOf(d, mapping.text), users: 1 };
      seen.set(key, finding);
      findings.push(finding);
    }
    for (const d of simulation.userDiagnostics) findings.push({ d, file: name, end: endOf(d, text), record: simulation.record, login: simulation.login });
    for (const d of simulation.report?.diagnostics ?? []) {
      const who = simulation.record === undefined ? '' : `record ${simulation.record}${simulation.login ? ` (${simulation.login})` : ''}, `;
      findings.push({ d, file: name, where: `${who}SCIM body ${d.path}`, record: simulation.record, login: simulation.login });
    }
  }
  await run.report(findings);
  run.reporter.input({ name, rows: simulations.map((s) => ({ record: s.record, login: s.login })) });
  return simulations.length;
}

/** The text with the certain suggestions of the findings not ignored applied. */
function fixText(text, options, policy) {
  const paths = validate(text, options).diagnostics.filter((d) => d.suggestion !== undefined && !isIgnored(policy, d.code)).map((d) => d.path);
  return paths.length === 0 ? text : applySuggestions(text, { ...options, paths: [...new Set(paths)] });
}

/**
 * --fix and --fix-dry-run: each file fixed (or its diff printed), then checked as fixed. A
 * file is rewritten only when every byte of it is UTF-8 (so nothing but the fixes changes),
 * with its byte order mark kept, through a temporary file renamed over it (so a crash never
 * leaves half a file). The diff goes to standard error when standard output is a report
 * another program reads (SARIF, JUnit, JSON).
 */
async function fixInput(run, path, options, dryRun, format) {
  const name = path === '-' ? '<stdin>' : path;
  const input = await openInput(path);
  let bytes;
  try {
    bytes = (await readBytes(new Pending(input))).slice();
  } finally {
    await input.close();
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\ufeff' : '';
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).slice(bom.length);
  } catch {
    process.stderr.write(`scim-preflight: not fixing ${name}: it is not all UTF-8, and rewriting it would change more than the fixes\n`);
    return checkInput(run, path, options, null, new TextDecoder().decode(bytes));
  }
  const fixed = fixText(text, options, run.policy);
  if (dryRun) {
    const diff = unifiedDiff(text, fixed, name);
    if (format === 'text' || format === 'github') await write(diff);
    else process.stderr.write(diff);
  } else if (fixed !== text) {
    const temporary = `${path}.scim-preflight-${process.pid}.tmp`;
    writeFileSync(temporary, bom + fixed);
    renameSync(temporary, path);
    process.stderr.write(`scim-preflight: fixed ${name}\n`);
  }
  return checkInput(run, path, options, null, fixed);
}

async function main() {
  let args;
  let policy;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`scim-preflight: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help || args.version) {
    await write(args.help ? `${USAGE}\n` : `scim-preflight ${version}\n`);
    return 0;
  }
  try {
    const config = args.config ? { path: args.config, settings: readConfig(args.config) } : findConfig(process.cwd());
    policy = resolvePolicy(args, config, rules().map((rule) => rule.code));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`scim-preflight: ${error.message}\n`);
    return 2;
  }
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
  const { paths, errors } = expandInputs(args.files);
  let fileError = errors.length > 0;
  for (const message of errors) process.stderr.write(`scim-preflight: ${message}\n`);
  const reporter = args.format === 'json' ? null : createReporter(args.format, { paint, rules: rules(), version, cwd: process.cwd(), simulated: Boolean(mapping) });
  const run = new Run(policy, reporter);
  run.json = args.format === 'json';
  run.rows = args.format === 'junit';
  const many = run.json && paths.length > 1;
  run.separator = () => (many && run.total.files > 0 ? ',' : '');
  if (many) await write('[');
  for (const path of paths) {
    try {
      const records = args.fix || args.fixDryRun ? await fixInput(run, path, options, args.fixDryRun, args.format) : await checkInput(run, path, options, mapping);
      run.total.files += 1;
      run.total.records += records;
    } catch (error) {
      fileError = true;
      const reason = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'it is a directory' : error.message;
      process.stderr.write(`scim-preflight: cannot read ${path}: ${reason}\n`);
    }
  }
  if (many) await write(']');
  if (run.json) await write('\n');
  else await write(reporter.end(run.total));
  if (fileError) return 2;
  return fails(policy, run.total) ? 1 : 0;
}

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main();
