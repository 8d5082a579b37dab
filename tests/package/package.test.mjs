// The packed npm tarball (`make pkg`) installed into fresh projects, as teams would use it:
// Node ESM and CommonJS, TypeScript with --strict, a Vite build in Chromium, and the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, extname } from 'node:path';
import { once } from 'node:events';
import { launchBrowser } from '../e2e/harness.mjs';
import { project, tools, work, cleanUp, runCli } from './consumers.mjs';

const PROFILE = JSON.stringify({ profile: { login: 'ana@example.com', firstName: 'Ana', lastName: 'Silva', countryCode: 'USA' } });

const CHECKS = `
const report = validate(${JSON.stringify(PROFILE)});
if (report.ok !== false || report.diagnostics.find((d) => d.code === 'country.not_alpha2')?.suggestion !== 'US') throw new Error(JSON.stringify(report));
if (mapAttributes(${JSON.stringify(PROFILE)}).fields.name.value !== 'Ana Silva') throw new Error('mapAttributes');
if (resolveOffice(${JSON.stringify(PROFILE)}, [{ name: 'HQ' }]).office !== 'HQ') throw new Error('resolveOffice');
if (!applySuggestions(${JSON.stringify(PROFILE)}).includes('"US"')) throw new Error('applySuggestions');
console.log('ok');
`;

let cliDir;
before(() => {
  cliDir = project('cli', {}, {
    'good.json': JSON.stringify({ profile: { login: 'ana@example.com', firstName: 'Ana', lastName: 'Silva', licenseType: 'dialpad_talk' } }),
    'bad.ndjson': `${JSON.stringify({ login: 'a@example.com', firstName: 'A', lastName: 'B', licenseType: 'dialpad_talk' })}\n${JSON.stringify({ login: 'b@example.com', firstName: 'B', lastName: 'C', countryCode: 'USA', licenseType: 'dialpad_talk' })}\n`,
    'broken.json': '{"profile": {"login": }',
    'offices.json': JSON.stringify([{ name: 'HQ', country: 'US' }]),
    'okta-users.ndjson': [
      { id: '00u1ana', profile: { login: 'ana@example.com', firstName: 'Ana', lastName: 'Silva', department: 'Support' } },
      { id: '00u2bo', profile: { login: 'bo@example.com', firstName: 'Bo', lastName: 'Lee', department: 'Sales' } },
      { id: '00u3cy', profile: { login: 'cy@example.com', firstName: 'Cy', lastName: 'Diaz', department: 'Support' } },
    ].map((user) => JSON.stringify(user)).join('\n'),
    'mapping.json': JSON.stringify({ properties: {
      userName: { expression: 'user.login', pushStatus: 'PUSH' },
      givenName: { expression: 'user.firstName', pushStatus: 'PUSH' },
      familyName: { expression: 'user.lastName', pushStatus: 'PUSH' },
      licenseType: { expression: 'user.department == "Support" ? "Support" : "dialpad_talk"', pushStatus: 'PUSH' },
    } }, null, 2),
    'schema.json': JSON.stringify({ definitions: { custom: { properties: { licenseType: { type: 'string', externalName: 'licenseType', externalNamespace: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' } } } } }),
    'groups.json': JSON.stringify({ 'ana@example.com': ['Contact Center'] }),
  });
});
after(cleanUp);

test('a Node ES module imports the package, with every export require() gives', () => {
  const dir = project('esm', { type: 'module' }, {
    'main.js': `import { validate, mapAttributes, resolveOffice, applySuggestions } from 'scim-preflight';${CHECKS}`,
    'names.js': `import * as esm from 'scim-preflight'; import { createRequire } from 'node:module';
const cjs = createRequire(import.meta.url)('scim-preflight');
console.log(JSON.stringify([Object.keys(esm).sort(), Object.keys(cjs).sort()]));`,
  });
  assert.equal(execFileSync('node', ['main.js'], { cwd: dir, encoding: 'utf8' }).trim(), 'ok');
  const [esm, cjs] = JSON.parse(execFileSync('node', ['names.js'], { cwd: dir, encoding: 'utf8' }));
  assert.deepEqual(esm, cjs);
  assert.ok(cjs.includes('checkStream') && cjs.includes('simulate'), cjs.join(', '));
});

test('a CommonJS script requires the package', () => {
  const dir = project('cjs', { type: 'commonjs' }, { 'main.js': `const { validate, mapAttributes, resolveOffice, applySuggestions } = require('scim-preflight');${CHECKS}` });
  assert.equal(execFileSync('node', ['main.js'], { cwd: dir, encoding: 'utf8' }).trim(), 'ok');
});

test('a TypeScript consumer type-checks with --strict', () => {
  const dir = project('ts', { type: 'module' }, {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: [] }, files: ['main.ts'] }),
    'main.ts': `
import { validate, mapAttributes, resolveOffice, applySuggestions, simulate, defaultMapping, BatchChecker, checkStream, rules, type Code, type Rule, type BatchSummary, type Report, type Diagnostic, type Severity, type Office, type OfficeResolution, type Mapping, type DecidedBy, type Simulation, type ProfileMapping } from 'scim-preflight';
const report: Report = validate('{}', { kind: 'okta-user' });
const first: Diagnostic | undefined = report.diagnostics[0];
const severity: Severity = first?.severity ?? 'info';
const line: number | undefined = first?.line;
const offices: Office[] = [{ name: 'HQ', country: 'US', main: true, availableNumbers: 3, availableLicenses: { dialpad_talk: 2 } }];
const resolved = resolveOffice('{}', offices);
const one: OfficeResolution | undefined = Array.isArray(resolved) ? resolved[0] : resolved;
const decided: DecidedBy | undefined = one?.decidedBy;
const mapped = mapAttributes('{}');
const name: string | null = (Array.isArray(mapped) ? mapped[0] : mapped)?.fields.name.value ?? null;
const fixed: string = applySuggestions('{}');
const checker = new BatchChecker({ offices });
const rows: number = checker.pushNdjson('{}\\n').records.length + checker.finish().withErrors;
const quiet = new BatchChecker({ offices, rows: false });
const fromBytes: number = quiet.pushNdjson(new Uint8Array([0x7b, 0x7d, 0x0a])).diagnostics.length;
// @ts-expect-error rows is true or false
new BatchChecker({ rows: 'no' });
// @ts-expect-error the input is text or an object
validate(42);
// @ts-expect-error offices need a name
resolveOffice('{}', [{ country: 'US' }]);
// @ts-expect-error not an option
validate('{}', { kind: 'user' });
const unused: Mapping | undefined = undefined;
const mapping: ProfileMapping = defaultMapping();
const simulated = simulate('{}', mapping, { groups: { 'a@b.co': ['Sales'] }, operation: 'update' });
const simulation: Simulation | undefined = Array.isArray(simulated) ? simulated[0] : simulated;
const sentLicense: boolean | undefined = simulation?.appUser.licenseType?.sent;
const from: string | undefined = simulation?.report?.diagnostics[0]?.origin?.expression;
// @ts-expect-error groups are arrays of names
simulate('{}', mapping, { groups: { 'a@b.co': 'Sales' } });
// Codes are the catalogue's: an editor completes them, and a misspelt one does not compile.
const code: Code | undefined = first?.code;
const isCountry: boolean = first?.code === 'country.not_alpha2';
// @ts-expect-error no rule has this code
const misspelt: boolean = first?.code === 'country.not_alpha_2';
const catalogue: Rule[] = rules();
const onlyCountry: string = applySuggestions('{}', { paths: ['/countryCode'] });
async function lines(): Promise<number> {
  async function* pieces() { yield '{"login":'; yield new Uint8Array([0x22, 0x61, 0x22, 0x7d, 0x0a]); }
  const summary: BatchSummary = await checkStream(pieces(), { onRecord: (row, found) => void (row.login ?? found.length) });
  return summary.records;
}
// @ts-expect-error onRecord is a function
checkStream([], { onRecord: true });
export { severity, line, decided, name, fixed, rows, fromBytes, unused, sentLicense, from, code, isCountry, misspelt, catalogue, onlyCountry, lines };
`,
  });
  const result = spawnSync(join(tools, 'tsc'), ['-p', dir], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('a Vite build of a page validates in headless Chromium', async () => {
  const dir = project('vite', { type: 'module' }, {
    'index.html': '<!doctype html><meta charset="utf-8"><title>vite consumer</title><output id="out">waiting</output><script type="module" src="/main.js"></script>',
    'main.js': `import init, { validate } from 'scim-preflight';\nawait init();\nconst report = validate(${JSON.stringify(PROFILE)});\ndocument.getElementById('out').textContent = report.diagnostics.map((d) => d.code + '=' + (d.suggestion ?? '')).join(' ');\n`,
  });
  execFileSync(join(tools, 'vite'), ['build', '--logLevel', 'error'], { cwd: dir, stdio: 'pipe' });
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((request, response) => {
    const path = join(dir, 'dist', request.url === '/' ? 'index.html' : request.url.split('?')[0]);
    try {
      const body = readFileSync(path);
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'waiting');
    assert.match(await page.textContent('#out'), /country\.not_alpha2=US/);
  } finally {
    await browser.close();
    server.close();
  }
});

const cli = (args, input) => runCli(cliDir, args, { input });

test('the CLI reports like a compiler and exits 0, 1 or 2', () => {
  const good = cli(['good.json']);
  assert.equal(good.status, 0, good.stderr);
  assert.equal(good.stdout, '1 input, 1 record: 0 errors, 0 warnings, 0 notes\n');

  const bad = cli(['bad.ndjson']);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /^bad\.ndjson:2:71: error\[country\.not_alpha2\]: countryCode "USA" is not an ISO 3166-1 alpha-2 code/m);
  assert.match(bad.stdout, /^ {2}hint: Use "US"\.$/m);
  assert.match(bad.stdout, /^1 input, 2 records: 1 error, 0 warnings, 0 notes$/m);
  assert.doesNotMatch(bad.stdout, /\x1b\[/, 'no colour when NO_COLOR is set or not on a terminal');

  const broken = cli(['broken.json']);
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /^broken\.json:1:23: error\[input\.invalid_json\]/m);

  const missing = cli(['missing.json']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, 'scim-preflight: cannot read missing.json: no such file\n');

  const usage = cli(['--format', 'yaml', 'good.json']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--format must be text, json, sarif, junit or github, not yaml/);

  const badKind = cli(['--kind', 'user', 'good.json']);
  assert.equal(badKind.status, 2);
  assert.match(badKind.stderr, /options\.kind must be one of/);
});

test('the CLI reads standard input and prints Reports as JSON', () => {
  const fromStdin = cli(['--format', 'json', '--offices', 'offices.json'], PROFILE);
  assert.equal(fromStdin.status, 1);
  const report = JSON.parse(fromStdin.stdout);
  assert.equal(report.file, '<stdin>');
  assert.equal(report.kind, 'okta-user');
  assert.equal(report.ok, false);
  assert.ok(report.diagnostics.some((d) => d.code === 'office.dialpad_chooses' || d.code === 'office.resolved'));

  const two = cli(['--format', 'json', 'good.json', 'bad.ndjson']);
  const reports = JSON.parse(two.stdout);
  assert.deepEqual(reports.map((r) => [r.file, r.ok]), [['good.json', true], ['bad.ndjson', false]]);
  assert.equal(reports[1].counts.error, 1);
});

test('the CLI simulates Okta users through a mapping: text lines at the mapping, JSON simulations', () => {
  const text = cli(['--mapping', 'mapping.json', '--schema', 'schema.json', '--groups', 'groups.json', 'okta-users.ndjson']);
  assert.equal(text.status, 1, text.stderr);
  // The mapping's own finding once, with how many users it concerns, at the file's line and column.
  assert.match(text.stdout, /^mapping\.json:16:\d+: error\[mapping\.license_values\]: The expression for licenseType gives 2 of 3 users a value that is not a license value, so Dialpad will not recognise their license: 2 users get "Support" \(should be "dialpad_support"\)\.$/m);
  assert.match(text.stdout, /^mapping\.json:16:\d+: error\[license\.not_value\]: .*\(2 users\)$/m);
  assert.match(text.stdout, /^okta-users\.ndjson: record 2 \(cy@example\.com\), SCIM body \/urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User\/licenseType: error\[license\.not_value\]/m);
  assert.match(text.stdout, /^1 input, 3 users simulated: /m);

  const json = cli(['--mapping', 'mapping.json', '--format', 'json', 'okta-users.ndjson']);
  const printed = JSON.parse(json.stdout);
  assert.deepEqual([printed.file, printed.mapping, printed.simulations.length], ['okta-users.ndjson', 'mapping.json', 3]);
  assert.equal(printed.simulations[1].request.body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].licenseType, 'dialpad_talk');
  assert.deepEqual(printed.simulations[0].appUser.licenseType.reads, ['/profile/department']);

  const usage = cli(['--groups', 'groups.json', 'okta-users.ndjson']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--schema and --groups go with --mapping/);
  const badSchema = cli(['--mapping', 'mapping.json', '--schema', 'offices.json', 'okta-users.ndjson']);
  assert.equal(badSchema.status, 2);
  assert.match(badSchema.stderr, /options\.schema is not an Okta app user schema/);
});

test('the CLI streams NDJSON from standard input and files: CRLF, a line longer than a piece, bytes not UTF-8', () => {
  // The CLI reads 64 KB pieces of bytes and cuts them after a newline: a 200 KB line must wait
  // for its end, and a Latin-1 byte must come out as the core's warning, not a lost record.
  const lines = [
    { login: 'a@example.com', firstName: 'A', lastName: 'B', licenseType: 'dialpad_talk' },
    { login: 'long@example.com', firstName: 'L', lastName: 'M', licenseType: 'dialpad_talk', nickName: 'x'.repeat(200_000) },
    { login: 'b@example.com', firstName: 'B', lastName: 'C', licenseType: 'dialpad_talk', countryCode: 'USA' },
  ].map((user) => JSON.stringify(user));
  const fromStdin = cli([], `${lines.join('\r\n')}\r\n`);
  assert.equal(fromStdin.status, 1, fromStdin.stderr);
  assert.match(fromStdin.stdout, /^<stdin>:3:\d+: error\[country\.not_alpha2\]/m);
  assert.match(fromStdin.stdout, /^1 input, 3 records: 1 error,/m);

  const latin1 = Buffer.concat([Buffer.from('{"login":"a@example.com","firstName":"A","lastName":"M'), Buffer.from([0xfc]), Buffer.from('ller","licenseType":"dialpad_talk"}\n'), Buffer.from(`${lines[0]}\n`)]);
  writeFileSync(join(cliDir, 'latin1.ndjson'), latin1);
  const fromFile = cli(['latin1.ndjson']);
  assert.equal(fromFile.status, 1, fromFile.stderr);
  assert.match(fromFile.stdout, /^latin1\.ndjson:1:\d+: warning\[value\.replacement_character\]/m);
  assert.match(fromFile.stdout, /^latin1\.ndjson:2:\d+: error\[batch\.duplicate_username\]/m);
});

test('the CLI streams a 1,000,000-record NDJSON file without reading it whole', async () => {
  const file = join(work, 'million.ndjson');
  const out = createWriteStream(file);
  for (let i = 0; i < 1_000_000; i += 1) {
    const line = `{"login":"user${i}@example.com","firstName":"User","lastName":"N${i}","countryCode":"${i % 20 === 0 ? 'USA' : 'US'}","licenseType":"dialpad_talk"}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const size = readFileSync(file).length;
  const probe = join(work, 'maxrss.mjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\\n`));\n");
  const run = async (input) => {
    const child = spawn('node', ['--import', probe, join(cliDir, 'node_modules/scim-preflight/bin/scim-preflight.mjs'), input], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let tail = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { tail = (tail + chunk).slice(-300); });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const [status] = await once(child, 'exit');
    return { status, tail, stderr, maxRss: Number(stderr.match(/maxrss=(\d+)/)[1]) * 1024 };
  };
  const baseline = await run(join(cliDir, 'good.json'));
  const million = await run(file);
  assert.equal(million.status, 1, million.stderr);
  assert.match(million.tail, /1 input, 1,000,000 records: 50,000 errors, 0 warnings, 0 notes\n$/);
  // Reading the file whole would hold it at least twice (a JS string and a copy in wasm memory),
  // so growth under 1.5 times the file shows it streamed; V8's heap makes the real figure vary
  // (47 to 52 MB for this 123 MB file since the CLI reads bytes into one buffer; 48 to 90 MB
  // when it read lines with readline).
  const growth = million.maxRss - baseline.maxRss;
  assert.ok(growth < 1.5 * size, `peak memory grew by ${growth} bytes for a file of ${size} bytes`);
});
