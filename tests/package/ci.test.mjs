// The checker in pipelines, from the installed package: SARIF validated against the official
// SARIF 2.1.0 schema, JUnit XML parsed back, GitHub annotations, the policy flags and config
// file with their exit codes, directories and globs, --fix and --fix-dry-run, and checkStream
// over streams cut anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { project, root, cleanUp, runCli, cliEnvironment } from './consumers.mjs';

const tools = createRequire(join(root, 'tools/package.json'));
const Ajv = tools('ajv-draft-04');
const addFormats = tools('ajv-formats');
const { XMLParser } = tools('fast-xml-parser');

const user = (login, extra = {}) => ({ login, firstName: 'A', lastName: 'B', licenseType: 'dialpad_talk', ...extra });
const ndjson = (users) => `${users.map((u) => JSON.stringify(u)).join('\n')}\n`;
const PRETTY = `${JSON.stringify({ profile: user('kim@example.com', { countryCode: 'USA', preferredLanguage: 'English', nickName: 'K' }) }, null, 2)}\n`;

let dir;
let core;
before(() => {
  dir = project('ci', {}, {
    'users/batch.ndjson': ndjson([user('a@example.com'), user('b@example.com', { countryCode: 'USA' }), user('a@example.com')]),
    'users/one.json': PRETTY,
    'users/nested/export.csv': 'login,firstName,lastName,countryCode,licenseType\nc@example.com,C,D,Brazil,dialpad_talk\n',
    'users/notes.txt': 'not checked: not a .json, .ndjson, .jsonl or .csv file',
    'users/clean.jsonl': ndjson([user('d@example.com')]),
  });
  core = createRequire(join(dir, 'package.json'))('scim-preflight');
});
after(cleanUp);

const cli = (args, options) => runCli(dir, args, options);

test('--format sarif is valid SARIF 2.1.0, with every rule and each finding located', () => {
  const result = cli(['--format', 'sarif', 'users']);
  assert.equal(result.status, 1, result.stderr);
  const log = JSON.parse(result.stdout);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
  const valid = ajv.validate(schema, log);
  assert.ok(valid, JSON.stringify(ajv.errors, null, 2));
  const [run] = log.runs;
  assert.deepEqual(run.tool.driver.rules.map((rule) => rule.id), core.rules().map((rule) => rule.code));
  assert.ok(run.tool.driver.rules.every((rule) => rule.help.text.length > 20 && rule.shortDescription.text));
  const country = run.results.find((r) => r.ruleId === 'country.not_alpha2' && r.locations[0].physicalLocation.artifactLocation.uri === 'users/one.json');
  assert.equal(country.level, 'error');
  assert.equal(run.tool.driver.rules[country.ruleIndex].id, 'country.not_alpha2');
  // "USA" is on line 7 of the pretty text, from column 20 to just after its closing quote.
  assert.deepEqual(country.locations[0].physicalLocation.region, { startLine: 7, startColumn: 20, endLine: 7, endColumn: 25 });
  const unmapped = run.results.find((r) => r.ruleId === 'attribute.unmapped');
  assert.equal(unmapped.level, 'note');
  const expected = ['users/batch.ndjson', 'users/clean.jsonl', 'users/nested/export.csv', 'users/one.json'];
  assert.deepEqual([...new Set(run.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri))].sort(), expected.filter((f) => f !== 'users/clean.jsonl'));
});

test('--format junit: a testsuite per file, a testcase per record, a failure per error', () => {
  const result = cli(['--format', 'junit', 'users/batch.ndjson', 'users/one.json', 'users/clean.jsonl']);
  assert.equal(result.status, 1, result.stderr);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name) }).parse(result.stdout);
  const suites = parsed.testsuites.testsuite;
  assert.deepEqual(suites.map((s) => [s.name, Number(s.tests), Number(s.failures)]), [['users/batch.ndjson', 3, 2], ['users/one.json', 1, 1], ['users/clean.jsonl', 1, 0]]);
  const [first, second, third] = suites[0].testcase;
  assert.equal(first.name, 'record 0 (a@example.com), line 1');
  assert.equal(first.failure, undefined);
  assert.deepEqual(second.failure.map((f) => f.type), ['country.not_alpha2']);
  assert.match(second.failure[0]['#text'], /^users\/batch\.ndjson:2:\d+: error\[country\.not_alpha2\]/);
  assert.deepEqual(third.failure.map((f) => f.type), ['batch.duplicate_username']);
  assert.deepEqual(suites[1].testcase[0].failure.map((f) => f.type).sort(), ['country.not_alpha2', 'language.invalid']);
  assert.match(suites[1].testcase[0]['system-out'], /info\[attribute\.unmapped\]/, 'notes are kept as the testcase output');
  assert.equal(Number(parsed.testsuites.tests), 5);
});

test('--format github: one workflow command per finding, escaped', () => {
  const result = cli(['--format', 'github', 'users/one.json']);
  assert.equal(result.status, 1);
  const lines = result.stdout.trimEnd().split('\n');
  assert.ok(lines.includes('::error file=users/one.json,line=7,col=20,endLine=7,endColumn=25,title=country.not_alpha2::countryCode "USA" is not an ISO 3166-1 alpha-2 code: Dialpad cannot read it as a country, so the user gets no Country and the office cannot be chosen by country.%0AUse "US".'), lines.join('\n'));
  assert.ok(lines.some((line) => line.startsWith('::notice file=users/one.json,line=') && line.includes('title=attribute.unmapped::')));
  assert.equal(lines.at(-1), '1 input, 1 record: 2 errors, 0 warnings, 1 note');
  assert.ok(lines.slice(0, -1).every((line) => /^::(error|warning|notice) file=[^:]*::/.test(line) && !line.includes('\n')));
});

test('--fail-on, --ignore and --quiet decide what is printed and the exit status', () => {
  assert.equal(cli(['users/clean.jsonl']).status, 0);
  assert.equal(cli(['--fail-on', 'info', 'users/clean.jsonl']).status, 0, 'a clean file has no note either');
  const noted = cli(['--fail-on', 'info', '--ignore', 'country.', '--ignore', 'language.invalid', 'users/one.json']);
  assert.equal(noted.status, 1, 'a note fails with --fail-on info');
  assert.doesNotMatch(noted.stdout, /country\.|language\./);
  const ignored = cli(['--ignore', 'country.not_alpha2', '--ignore', 'language.', 'users/one.json']);
  assert.equal(ignored.status, 0, ignored.stdout);
  assert.match(ignored.stdout, /^1 input, 1 record: 0 errors, 0 warnings, 1 note$/m);
  const quiet = cli(['--quiet', 'users/one.json']);
  assert.equal(quiet.status, 1);
  assert.doesNotMatch(quiet.stdout, /info\[/);
  assert.match(quiet.stdout, /error\[country\.not_alpha2\]/);
  const typo = cli(['--ignore', 'country.not_alpa2', 'users/one.json']);
  assert.equal(typo.status, 2);
  assert.equal(typo.stderr, 'scim-preflight: --ignore: "country.not_alpa2" is not a rule code; did you mean "country.not_alpha2"? (the codes are in docs/rules.md)\n');
  assert.equal(cli(['--fail-on', 'notes', 'users/one.json']).status, 2);
});

test('the config file: scim-preflight.json or "scimPreflight" in package.json, found upwards, or --config', () => {
  writeFileSync(join(dir, 'users/scim-preflight.json'), JSON.stringify({ ignore: ['country.', 'language.invalid'], failOn: 'info' }));
  // Found from a folder below the config's.
  const below = cli(['one.json'], { cwd: join(dir, 'users') });
  assert.equal(below.status, 1, 'failOn info: the note fails');
  assert.doesNotMatch(below.stdout, /country\./);
  // The command line comes first: --fail-on error passes what is left.
  assert.equal(cli(['--fail-on', 'error', 'one.json'], { cwd: join(dir, 'users') }).status, 0);
  writeFileSync(join(dir, 'users/scim-preflight.json'), JSON.stringify({ ignore: ['licence.'] }));
  const typo = cli(['one.json'], { cwd: join(dir, 'users') });
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /the config in .*scim-preflight\.json: "licence\." is not a rule code; did you mean "license\."\?/);
  writeFileSync(join(dir, 'users/scim-preflight.json'), JSON.stringify({ ignores: ['country.'] }));
  assert.match(cli(['one.json'], { cwd: join(dir, 'users') }).stderr, /has "ignores", which is not a setting/);
  writeFileSync(join(dir, 'users/scim-preflight.json'), '{}');
  // package.json's "scimPreflight", and --config naming another file.
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, scimPreflight: { quiet: true } }));
  assert.doesNotMatch(cli(['users/one.json']).stdout, /info\[/);
  writeFileSync(join(dir, 'strict.json'), JSON.stringify({ failOn: 'warning', ignore: ['country.', 'language.'] }));
  assert.equal(cli(['--config', 'strict.json', 'users/one.json']).status, 0);
  assert.equal(cli(['--config', 'missing.json', 'users/one.json']).status, 2);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
});

test('colours: FORCE_COLOR forces them, NO_COLOR turns them off, and no terminal has none', () => {
  const coloured = /\x1b\[/;
  assert.match(cli(['users/one.json'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout, coloured);
  assert.match(cli(['users/one.json'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout, coloured, 'FORCE_COLOR comes first');
  assert.doesNotMatch(cli(['users/one.json'], { env: { NO_COLOR: '', FORCE_COLOR: '0' } }).stdout, coloured);
  assert.doesNotMatch(cli(['users/one.json'], { env: { NO_COLOR: '' } }).stdout, coloured, 'a pipe is no terminal');
});

test('a directory of mixed files, globs, and a summary across them', () => {
  const all = cli(['users']);
  assert.equal(all.status, 1);
  for (const file of ['users/batch.ndjson', 'users/one.json', 'users/nested/export.csv']) assert.match(all.stdout, new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+:\\d+: error`, 'm'), file);
  assert.doesNotMatch(all.stdout, /notes\.txt/);
  assert.match(all.stdout, /^4 inputs, 6 records: 5 errors, 0 warnings, \d+ notes?$/m);
  const globbed = cli(['users/**/*.{csv,jsonl}']);
  assert.match(globbed.stdout, /^2 inputs, 2 records: 1 error,/m);
  const twice = cli(['users', './users/one.json', 'users/one.json']);
  assert.equal(twice.stdout, all.stdout, 'a file named twice is checked once');
  const none = cli(['users/*.yaml']);
  assert.equal(none.status, 2);
  assert.equal(none.stderr, 'scim-preflight: no file matches users/*.yaml\n');
});

test('--fix writes the certain suggestions into a copy; --fix-dry-run prints them as a diff', () => {
  copyFileSync(join(dir, 'users/one.json'), join(dir, 'copy.json'));
  const dry = cli(['--fix-dry-run', 'copy.json']);
  assert.equal(dry.status, 0, 'what remains after the fixes has no error');
  assert.match(dry.stdout, /^--- a\/copy\.json\n\+\+\+ b\/copy\.json\n@@ -/);
  for (const line of ['-    "countryCode": "USA",', '-    "preferredLanguage": "English",', '+    "countryCode": "US",', '+    "preferredLanguage": "en",']) assert.ok(dry.stdout.split('\n').includes(line), `${line} in\n${dry.stdout}`);
  assert.equal(readFileSync(join(dir, 'copy.json'), 'utf8'), PRETTY, 'the dry run writes nothing');
  // With a rule ignored, its fix is not made either.
  const partly = cli(['--fix', '--ignore', 'language.invalid', 'copy.json']);
  assert.equal(partly.status, 0);
  assert.equal(readFileSync(join(dir, 'copy.json'), 'utf8'), PRETTY.replace('"USA"', '"US"'), 'byte for byte elsewhere');
  const rest = cli(['--fix', 'copy.json']);
  assert.equal(rest.status, 0);
  assert.equal(readFileSync(join(dir, 'copy.json'), 'utf8'), core.applySuggestions(PRETTY));
  assert.equal(cli(['--fix', '-'], { input: PRETTY }).status, 2, '--fix needs files to write');
  assert.equal(cli(['--fix=false', 'copy.json']).status, 2, 'a flag takes no value');
});

test('--fix keeps a byte order mark, leaves a file that is not UTF-8 alone, and a diff never spoils SARIF', () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  writeFileSync(join(dir, 'bom.csv'), Buffer.concat([bom, Buffer.from('login,firstName,lastName,countryCode\r\na@example.com,A,B,USA\r\n')]));
  assert.equal(cli(['--fix', 'bom.csv']).status, 0);
  assert.deepEqual(readFileSync(join(dir, 'bom.csv')), Buffer.concat([bom, Buffer.from('login,firstName,lastName,countryCode\r\na@example.com,A,B,US\r\n')]));
  const latin1 = Buffer.concat([Buffer.from('{"profile":{"login":"a@example.com","firstName":"M'), Buffer.from([0xfc]), Buffer.from('ller","lastName":"B","countryCode":"USA"}}')]);
  writeFileSync(join(dir, 'latin1.json'), latin1);
  const refused = cli(['--fix', 'latin1.json']);
  assert.equal(refused.status, 1, 'the error is still reported');
  assert.match(refused.stderr, /not fixing latin1\.json: it is not all UTF-8/);
  assert.deepEqual(readFileSync(join(dir, 'latin1.json')), latin1);
  copyFileSync(join(dir, 'users/one.json'), join(dir, 'copy2.json'));
  const sarif = cli(['--fix-dry-run', '--format', 'sarif', 'copy2.json']);
  assert.equal(JSON.parse(sarif.stdout).version, '2.1.0');
  assert.match(sarif.stderr, /^--- a\/copy2\.json/);
});

/** NDJSON of `count` users, every 20th with an error, with a character of two bytes in each. */
function bigNdjson(count) {
  const lines = [];
  for (let i = 0; i < count; i += 1) lines.push(JSON.stringify({ login: `user${i}@example.com`, firstName: 'Zoë', lastName: `N${i}`, countryCode: i % 20 === 0 ? 'USA' : 'US' }));
  return lines.join('\n'); // no newline after the last line: finish() checks it
}

// Run in a process of its own: a million-piece stream makes millions of promises, which the
// test runner's own bookkeeping of each test's promises cannot hold; and the process's peak
// memory is its own. It prints the whole text's totals and the stream's, and the memory
// growth while streaming.
const STREAM_SCRIPT = `
import { Readable } from 'node:stream';
import { checkStream, BatchChecker } from 'scim-preflight';
const [size, count] = process.argv.slice(2).map(Number);
const lines = [];
for (let i = 0; i < count; i += 1) lines.push(JSON.stringify({ login: 'user' + i + '@example.com', firstName: 'Zo\u00eb', lastName: 'N' + i, countryCode: i % 20 === 0 ? 'USA' : 'US' }));
const bytes = Buffer.from(lines.join('\\n'));
const whole = new BatchChecker({ rows: false });
const found = whole.pushNdjson(bytes).diagnostics.length;
const expected = whole.finish();
function* pieces() { for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size); }
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
let rows = 0;
let reported = 0;
const summary = await checkStream(Readable.from(pieces(), { objectMode: true }), { onRecord: (row, diagnostics) => { rows += 1; reported += diagnostics.length; } });
clearInterval(sampler);
console.log(JSON.stringify({ summary, expected, rows, reported, found, bytes: bytes.length, growth: peak - before }));
`;

test('checkStream: a 100,000-record stream cut into 1-byte, 7-byte and 64 KB pieces gives the whole text\'s totals, memory flat', () => {
  writeFileSync(join(dir, 'stream.mjs'), STREAM_SCRIPT);
  for (const size of [1, 7, 65_536]) {
    const run = spawnSync('node', ['stream.mjs', String(size), '100000'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(run.status, 0, run.stderr);
    const { summary, expected, rows, reported, found, bytes, growth } = JSON.parse(run.stdout);
    const { last, ...got } = summary;
    const { last: wholeLast, ...totals } = expected;
    assert.equal(totals.records, 100_000);
    assert.deepEqual(got, totals, `${size}-byte pieces`);
    assert.equal(rows, 100_000);
    assert.equal(reported + summary.diagnostics.length, found + wholeLast.diagnostics.length + expected.diagnostics.length);
    assert.equal(last.records.length, 1, 'the last line, without its newline, is checked by finish');
    assert.ok(growth < 32 * 1024 * 1024, `${size}-byte pieces: memory grew ${(growth / 1024 / 1024).toFixed(1)} MB while streaming ${(bytes / 1e6).toFixed(1)} MB`);
  }
});

test('checkStream reads a Web ReadableStream and async iterables of strings cut inside a character', async () => {
  const text = `${bigNdjson(50)}\n{"login":"😀@example.com","firstName":"A","lastName":"B"}\n`;
  const whole = new core.BatchChecker({ rows: false });
  const wholeDiagnostics = whole.pushNdjson(text).diagnostics;
  const { last: _, ...totals } = whole.finish();
  const bytes = new TextEncoder().encode(text);
  const web = new ReadableStream({ start(controller) { for (let at = 0; at < bytes.length; at += 3) controller.enqueue(bytes.slice(at, at + 3)); controller.close(); } });
  const { last: _a, ...fromWeb } = await core.checkStream(web);
  assert.deepEqual(fromWeb, totals);
  // Strings cut every 5 UTF-16 units: the emoji's surrogate pair is cut in two.
  async function* strings() { for (let at = 0; at < text.length; at += 5) yield text.slice(at, at + 5); }
  const seen = [];
  const { last: _b, ...fromStrings } = await core.checkStream(strings(), { onRecord: (row, diagnostics) => seen.push(...diagnostics) });
  assert.deepEqual(fromStrings, totals);
  assert.deepEqual(seen.map((d) => [d.code, d.line, d.column]), wholeDiagnostics.map((d) => [d.code, d.line, d.column]));
  await assert.rejects(core.checkStream(42), /checkStream\(source\): source must be a Node Readable, a Web ReadableStream or an async iterable/);
  await assert.rejects(core.checkStream([{}]), /each piece of the stream must be a Uint8Array or a string, not an object/);
  assert.throws(() => core.checkStream([], { onRecord: 'yes' }), /options\.onRecord must be a function/);
});

/**
 * The command-line examples of the README and the package README, run as written: in each
 * ```console block, a `$ command` line is run by bash in a fresh copy of examples/, the lines
 * after it are its exact output, and a last `[exit N]` line its exit status.
 */
function consoleExamples(path) {
  const text = readFileSync(join(root, path), 'utf8');
  return [...text.matchAll(/```console\n([\s\S]*?)```/g)].map((match) => {
    const steps = [];
    for (const line of match[1].trimEnd().split('\n')) {
      if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [], exit: null });
      else if (/^\[exit \d+\]$/.test(line)) steps.at(-1).exit = Number(line.slice(6, -1));
      else steps.at(-1).output.push(line);
    }
    return steps;
  });
}

for (const readme of ['README.md', 'npm/README.md']) {
  test(`the command-line examples of ${readme} run as written`, () => {
    const blocks = consoleExamples(readme);
    assert.ok(blocks.length >= 1, `${readme} has console examples`);
    blocks.forEach((steps, index) => {
      const cwd = join(dir, '..', `${readme.replace(/\W/g, '-')}-${index}`);
      cpSync(join(root, 'examples'), join(cwd, 'examples'), { recursive: true });
      for (const { command, output, exit } of steps) {
        const run = spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', env: cliEnvironment({ PATH: `${join(dir, 'node_modules/.bin')}:${process.env.PATH}` }) });
        assert.equal(run.stdout.trimEnd(), output.join('\n'), `${readme}: $ ${command}\n${run.stderr}`);
        if (exit !== null) assert.equal(run.status, exit, `${readme}: exit status of $ ${command}`);
      }
    });
  });
}
